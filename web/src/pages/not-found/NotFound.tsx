import { Link } from '../../components/Link';
import { usePathname } from '../../router';

export function NotFound() {
  const pathname = usePathname();
  return (
    <>
      <h1>Page not found</h1>
      <p className="nhsuk-body">
        There is nothing at {pathname}. <Link href="/">Go to the search page</Link>.
      </p>
    </>
  );
}
