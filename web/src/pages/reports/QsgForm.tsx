/** What the QSG pack covers: the area and the dates from and to (NHS.UK date inputs), said back as the pack's query. */
import { useState } from 'react';
import { DateInput } from '../../components/DateInput';

export interface QsgQuery {
  area: string;
  /** yyyy-mm-dd, or null while the fields make no real date */
  from: string | null;
  to: string | null;
}

export function QsgForm({ initial, onChange }: { initial: QsgQuery; onChange: (q: QsgQuery) => void }) {
  const [q, setQ] = useState(initial);
  const change = (next: QsgQuery) => {
    setQ(next);
    onChange(next);
  };
  return (
    <>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="qsg-area">
          Area (ODS code)
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          id="qsg-area"
          value={q.area || initial.area}
          onChange={(e) => change({ ...q, area: e.target.value.toUpperCase() })}
        />
      </div>
      <DateInput
        id="qsg-from"
        name="from"
        legend="From"
        defaultValue={initial.from ?? undefined}
        error={q.from ? null : 'From must be a real date, for example 15 3 2026'}
        onChange={(from) => change({ ...q, from })}
      />
      <DateInput
        id="qsg-to"
        name="to"
        legend="To"
        defaultValue={initial.to ?? undefined}
        error={
          !q.to
            ? 'To must be a real date, for example 15 3 2026'
            : q.from && q.to < q.from
              ? 'To must be on or after the date from'
              : null
        }
        onChange={(to) => change({ ...q, to })}
      />
    </>
  );
}
