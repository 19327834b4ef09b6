/** An area's practice groups (localities, federations, PCNs as they work together), and making one. */
import { useState, type FormEvent } from 'react';
import { invalidateApi, send, useApi, type ApiError } from '../api';
import type { Answer } from '../api/client';
import { ErrorSummary } from './ErrorSummary';
import { Link } from './Link';
import { Panel } from './Panel';
import { useCanAt } from '../session';
type Groups = Answer<'/api/groups', 'get'>;
import { Details } from './Details';
import { ScrollTable } from './ScrollTable';

export function PracticeGroups({ code }: { code: string }) {
  // the area's own commissioners (and those above it): not a PCN's peer group lead, nor another area's team
  const canHere = useCanAt(code);
  const allowed = canHere('groups.read');
  const lead = canHere('groups.manage');
  const [error, setError] = useState<string | null>(null);
  const data = useApi<Groups>(allowed ? `/api/groups?area=${encodeURIComponent(code)}` : null);
  const rules = useApi<{ rules: { indicators: string[] } }>(allowed ? '/api/tiers/rules' : null);
  // the area's practices to choose from (the quality lead makes groups, and sees the area's tiers)
  const area = useApi<{ practices: Array<{ code: string; name: string }> }>(
    lead ? `/api/tiers?area=${encodeURIComponent(code)}` : null,
  );
  const practices =
    area.state === 'ready' ? [...area.data.practices].sort((a, b) => a.name.localeCompare(b.name)) : [];
  if (!allowed) return null;
  const indicator = rules.state === 'ready' ? rules.data.rules.indicators[0] : undefined;
  const make = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await send('POST', '/api/groups', {
        name: f.get('name'),
        kind: f.get('kind'),
        area: code,
        practices: f.getAll('practices'),
      });
      form.reset();
      await invalidateApi('/api/groups');
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">Practice groups</h2>
      <Panel data={data} empty="">
        {(d) => (
          <>
            {d.groups.length === 0 ? (
              <p className="nhsuk-body">
                No groups yet. Localities, federations or PCNs as they work together can be compared within.
              </p>
            ) : (
              <ScrollTable className="nhsuk-table nhsuk-body-s">
                <thead className="nhsuk-table__head">
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Practices</th>
                    <th scope="col">Compare</th>
                  </tr>
                </thead>
                <tbody>
                  {d.groups.map((g) => (
                    <tr key={g.id}>
                      <td>{g.name}</td>
                      <td>{g.kind}</td>
                      <td>{g.members.map((m) => m.name).join('; ')}</td>
                      <td>
                        {indicator && (
                          <Link href={`/indicators/${indicator}?group=${g.id}&comparator=group`}>
                            Within the group<span className="nhsuk-u-visually-hidden">: {g.name}</span>
                          </Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            )}
            {lead && practices.length > 0 && (
              <Details summary="Make a group">
                <form onSubmit={(e) => void make(e)}>
                  <ErrorSummary message={error} />
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor="group-name">
                      Name
                    </label>
                    <input className="nhsuk-input" id="group-name" name="name" required minLength={2} />
                  </div>
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor="group-kind">
                      Kind
                    </label>
                    <select className="nhsuk-select" id="group-kind" name="kind">
                      {d.kinds.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  </div>
                  <fieldset className="nhsuk-fieldset">
                    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Practices</legend>
                    <div className="nhsuk-checkboxes lantern-columns">
                      {practices.map((p) => (
                        <div className="nhsuk-checkboxes__item" key={p.code}>
                          <input
                            className="nhsuk-checkboxes__input"
                            id={`member-${p.code}`}
                            name="practices"
                            type="checkbox"
                            value={p.code}
                          />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`member-${p.code}`}>
                            {p.name}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                    Make the group
                  </button>
                </form>
              </Details>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}
