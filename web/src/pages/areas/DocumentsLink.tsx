/** A link to an area's documents and meetings, for its members. */
import { Link } from '../../components/Link';
import { useSession } from '../../session';

/** A link to the area's documents and meetings, for its members (on the area's page and its practices' pages). */
export function DocumentsLink({ area }: { area: string }) {
  const { can } = useSession();
  if (!can('documents.read')) return null;
  return (
    <p className="nhsuk-body">
      <Link href={`/areas/${encodeURIComponent(area)}/documents`}>Documents and meetings of {area}</Link>
    </p>
  );
}
