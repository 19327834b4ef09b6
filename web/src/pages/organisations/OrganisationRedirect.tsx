/**
 * `/organisations/:code`, the address every organisation had before each type had its own: it looks up the type and
 * replaces itself with the typed address (`/practices/…`, `/trusts/…`), so that old links and bookmarks still work.
 */
import { useEffect } from 'react';
import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { orgHref } from '../../addresses';
import { Panel } from '../../components/Panel';
import { navigate, useSearchParams } from '../../router';

export function OrganisationRedirect({ code }: { code: string }) {
  const at = useSearchParams().get('at');
  const page = useApi<Answer<'/api/organisations/{code}', 'get'>>(
    `/api/organisations/${encodeURIComponent(code)}`,
  );
  const type = page.state === 'ready' ? page.data.organisation.type : null;
  useEffect(() => {
    if (type) navigate(orgHref(code, type, at), { replace: true });
  }, [type, code, at]);
  return (
    <>
      <h1>Organisation {code}</h1>
      <Panel data={page} empty="">
        {() => null}
      </Panel>
    </>
  );
}
