/**
 * The Quality Surveillance Group pack: for an area and period, providers by surveillance status, new signals,
 * overdue provider responses, serious incidents and themes, with charts. It leaves the commissioner team, so
 * every count of concerns is suppressed (1–7 shown as *, others rounded to the nearest 5).
 * One self-contained HTML document (inline SVG and styles); PDF via pdf.ts.
 */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { esc, reportDocument } from './html.js';
import { suppressedValue } from '../stats/suppress.js';
import { incidentDeadlines, listIncidents } from '../concerns/incidents.js';
import { settingsLookup } from '../concerns/settings.js';
import {
  SURVEILLANCE_LEVELS,
  surveillanceHistory,
  currentByArea,
  type SurveillanceLevel,
} from '../concerns/surveillance.js';
import { patternsFor } from '../concerns/signals.js';
import {
  concernsAwaitingProvider,
  monthlyProviderCounts,
  providerThemeCounts,
} from '../db/repos/concern-counts.js';
import { surveilledProviders } from '../db/repos/surveillance.js';
import { deadlinesFor } from '../concerns/workflow.js';

export interface QsgRequest {
  areaCode: string | null;
  areaName: string;
  /** the practices of the area (null: all) */
  practices: string[] | null;
  from: string;
  to: string;
}

/** The months (YYYY-MM) from the month of `from` to the month of `to`. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= to.slice(0, 7)) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

export async function qsgData(db: Queryable, r: QsgRequest) {
  const counts = await monthlyProviderCounts(db, r.from, r.to, r.practices);
  const themeRows = await providerThemeCounts(db, r.from, r.to, r.practices);
  const months = monthsBetween(r.from, r.to);
  const byProvider = new Map<string, { name: string | null; monthly: Map<string, number>; total: number }>();
  for (const c of counts) {
    const p = byProvider.get(c.provider) ?? { name: c.name, monthly: new Map(), total: 0 };
    p.monthly.set(c.month, c.n);
    p.total += c.n;
    byProvider.set(c.provider, p);
  }
  const surveilled = await surveilledProviders(db);
  for (const s of surveilled)
    if (!byProvider.has(s.code)) byProvider.set(s.code, { name: s.name, monthly: new Map(), total: 0 });
  const codes = [...byProvider.entries()]
    .sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]))
    .map(([c]) => c)
    .slice(0, 20);

  const patterns = await patternsFor(db, codes, 24, r.practices);
  const day = today();
  const overdueRows = await concernsAwaitingProvider(db, r.practices);
  const overdue = new Map<string, number>();
  const settingsOf = settingsLookup(db);
  for (const c of overdueRows) {
    const d = deadlinesFor(c, await settingsOf(c.provider, c.practice), day).find(
      (x) => x.name === 'providerResponse',
    );
    if (d?.overdue) overdue.set(c.provider, (overdue.get(c.provider) ?? 0) + 1);
  }

  const providers = [];
  for (const code of codes) {
    const p = byProvider.get(code)!;
    // the area's own decisions (an area's records are those made at it or below it), or every area's
    const inArea = (area: string) => !r.practices || r.practices.includes(area);
    const current = currentByArea(await surveillanceHistory(db, code)).find((h) => inArea(h.areaCode));
    const level: SurveillanceLevel = current?.level ?? 'routine';
    const pattern = patterns.find((x) => x.providerCode === code)!;
    const incidents = (await listIncidents(db, code, r.practices)).filter((i) => i.status !== 'closed');
    providers.push({
      code,
      name: p.name ?? code,
      level,
      levelLabel: SURVEILLANCE_LEVELS[level],
      levelReason: current?.reason ?? null,
      levelSince: current?.at?.slice(0, 10) ?? null,
      total: suppressedValue(p.total),
      monthly: months.map((m) => ({ month: m, count: suppressedValue(p.monthly.get(m) ?? 0) })),
      signals: pattern.signals
        .filter((s) => s.to >= r.from && s.from <= r.to)
        .map((s) => ({
          method: s.method,
          category: s.categoryLabel,
          from: s.from,
          to: s.to,
          falseAlarm: s.falseAlarm,
        })),
      overdueResponses: suppressedValue(overdue.get(code) ?? 0),
      incidents: incidents.map((i) => ({
        id: i.id,
        title: i.title,
        regime: i.regime,
        identifiedOn: i.identifiedOn,
        status: i.status,
        neverEvent: i.neverEvent,
        overdue: incidentDeadlines(i, day)
          .filter((d) => d.overdue)
          .map((d) => d.label),
      })),
      themes: themeRows
        .filter((t) => t.provider === code)
        .map((t) => ({ category: t.category, count: suppressedValue(t.n) })),
    });
  }
  const order: SurveillanceLevel[] = ['risk_summit', 'enhanced', 'routine'];
  providers.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  return {
    area: { code: r.areaCode, name: r.areaName },
    from: r.from,
    to: r.to,
    generatedOn: day,
    months,
    providers,
  };
}

export type QsgData = Awaited<ReturnType<typeof qsgData>>;

export const shown = (n: number | null) => (n === null ? '*' : String(n));

export const signalLabel = (method: string) =>
  method === 'cluster'
    ? 'Cluster'
    : method === 'spc'
      ? 'Month above the control limit'
      : 'Sustained rise (CUSUM)';

/** A bar chart of monthly concerns; suppressed months are drawn as a marked stub, never as a value. */
export function monthlyChart(title: string, monthly: Array<{ month: string; count: number | null }>): string {
  const W = 520;
  const H = 140;
  const pad = { left: 36, bottom: 28, top: 10 };
  const max = Math.max(5, ...monthly.map((m) => m.count ?? 0));
  const bw = (W - pad.left - 10) / Math.max(1, monthly.length);
  const plotH = H - pad.bottom - pad.top;
  const bars = monthly
    .map((m, i) => {
      const x = pad.left + i * bw + 2;
      if (m.count === null)
        return `<g class="suppressed" data-month="${m.month}" data-count="*"><rect x="${x.toFixed(1)}" y="${H - pad.bottom - 6}" width="${(bw - 4).toFixed(1)}" height="6" fill="#aeb7bd"/><text x="${(x + (bw - 4) / 2).toFixed(1)}" y="${H - pad.bottom - 9}" font-size="10" text-anchor="middle">*</text></g>`;
      const h = (m.count / max) * plotH;
      return `<rect class="bar" data-month="${m.month}" data-count="${m.count}" x="${x.toFixed(1)}" y="${(H - pad.bottom - h).toFixed(2)}" width="${(bw - 4).toFixed(1)}" height="${h.toFixed(2)}" fill="#005eb8"><title>${m.month}: ${m.count}</title></rect>`;
    })
    .join('');
  const labels = monthly
    .map((m, i) =>
      monthly.length <= 12 || i % 3 === 0
        ? `<text x="${(pad.left + i * bw + bw / 2).toFixed(1)}" y="${H - 10}" font-size="9" text-anchor="middle">${m.month}</text>`
        : '',
    )
    .join('');
  const axis = `<text x="4" y="${pad.top + 8}" font-size="9">${max}</text><text x="4" y="${H - pad.bottom}" font-size="9">0</text><line x1="${pad.left}" x2="${W - 10}" y1="${H - pad.bottom}" y2="${H - pad.bottom}" stroke="#425563"/>`;
  return `<figure><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" data-max="${max}" data-plot-height="${plotH}">${axis}${bars}${labels}</svg><figcaption>${esc(title)}. ${monthly.map((m) => `${m.month}: ${shown(m.count)}`).join('; ')}.</figcaption></figure>`;
}

/** The providers by surveillance status: the pack's first table, and the committee pack's QSG summary. */
export function qsgSummaryTable(d: QsgData): string {
  const rows = d.providers
    .map(
      (p) =>
        `<tr><td>${esc(p.name)} (${esc(p.code)})</td><td>${esc(p.levelLabel)}</td><td class="num">${shown(p.total)}</td><td class="num">${p.signals.length}</td><td class="num">${shown(p.overdueResponses)}</td><td class="num">${p.incidents.length}</td></tr>`,
    )
    .join('');
  return d.providers.length
    ? `<table id="summary"><thead><tr><th>Provider</th><th>Status</th><th class="num">Concerns</th><th class="num">New signals</th><th class="num">Overdue responses</th><th class="num">Open incidents</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No concerns or surveillance records for this area and period.</p>';
}

export function qsgHtml(d: QsgData): string {
  const sections = d.providers
    .map((p) => {
      const signals = p.signals.length
        ? `<ul>${p.signals.map((s) => `<li>${esc(signalLabel(s.method))}: ${esc(s.category)}, ${esc(s.from)} to ${esc(s.to)} <span class="small">(false-alarm rate ${esc(s.falseAlarm)})</span></li>`).join('')}</ul>`
        : '<p>No new signals in the period.</p>';
      const incidents = p.incidents.length
        ? `<table><thead><tr><th>Incident</th><th>Regime</th><th>Identified</th><th>Status</th><th>Overdue</th></tr></thead><tbody>${p.incidents
            .map(
              (i) =>
                `<tr><td>${esc(i.title)}${i.neverEvent ? ' (Never Event)' : ''}</td><td>${i.regime === 'sif2015' ? 'Serious Incident Framework 2015' : 'PSIRF'}</td><td>${esc(i.identifiedOn)}</td><td>${esc(i.status)}</td><td>${esc(i.overdue.join(', ') || 'none')}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p>No open serious incidents.</p>';
      const themes = p.themes.length
        ? `<table><thead><tr><th>Theme</th><th class="num">Concerns</th></tr></thead><tbody>${p.themes.map((t) => `<tr><td>${esc(t.category)}</td><td class="num">${shown(t.count)}</td></tr>`).join('')}</tbody></table>`
        : '';
      return `<section class="provider" data-provider="${esc(p.code)}"><h2>${esc(p.name)} (${esc(p.code)})</h2>
<p><strong>Surveillance status:</strong> ${esc(p.levelLabel)}${p.levelSince ? ` since ${esc(p.levelSince)}` : ''}${p.levelReason ? `: ${esc(p.levelReason)}` : ''}</p>
${monthlyChart(`Concerns about ${p.name} by month`, p.monthly)}
<h3>New signals</h3>${signals}<h3>Themes</h3>${themes || '<p>No concerns in the period.</p>'}<h3>Serious incidents</h3>${incidents}</section>`;
    })
    .join('');
  return reportDocument(
    `Quality Surveillance Group pack: ${d.area.name}, ${d.from} to ${d.to}`,
    `<h1>Quality Surveillance Group pack</h1>
<p><strong>Area:</strong> ${esc(d.area.name)}${d.area.code ? ` (${esc(d.area.code)})` : ''}. <strong>Period:</strong> ${esc(d.from)} to ${esc(d.to)}. Generated ${esc(d.generatedOn)} by Lantern.</p>
<p class="note">Counts of concerns are suppressed for sharing: 1–7 are shown as *, other counts are rounded to the nearest 5. Concerns are GP practices' reports about services; a signal asks a question, it does not answer one.</p>
<h2>Providers by surveillance status</h2>
${qsgSummaryTable(d)}
${sections}`,
  );
}
