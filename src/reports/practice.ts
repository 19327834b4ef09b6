/**
 * The practice report, for the practice's own meeting: its tier and the evidence for it, the spine chart, its
 * indicators over time (SPC), its funnels on the tier's published indicators, its peers and its notes of context,
 * with the date, the data sources and the loads the figures came from. The charts are drawn by the pages' own
 * builders (src/charts) on the server.
 *
 * Who may have it: those who may see the practice's tier (its members and its commissioners), who see the
 * practice's own figures unsuppressed. Other practices' figures appear only where they are published open data
 * (spine spreads, peers, funnels of published indicators); local figures of other practices never do.
 */
import type { Queryable } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { today } from '../domain/clock.js';
import { listIndicators, valuesForOrganisation, type CatalogueEntry } from '../db/repos/indicators.js';
import { loadsBehind } from '../db/repos/report-sources.js';
import { describeRules, TIER_LABEL, type Tier } from '../variation/rules.js';
import { currentRules, evaluateCached, funnelFor } from '../variation/service.js';
import { practiceSpc, spcIndicators } from '../variation/practice-spc.js';
import { practiceSpine } from '../variation/spine.js';
import { againstPeers, peersOf } from '../variation/peer-groups.js';
import { funnelAnswerJson, funnelPointsOf } from '../variation/funnel.js';
import { annotationsOf } from '../improvement/service.js';
import { spcCaption, spcPlotOptions, type ChartedSpc } from '../charts/spc.js';
import { funnelPlotOptions } from '../charts/funnel.js';
import {
  SPINE_CAPTION,
  SPINE_READING,
  spineFigure,
  spinePlotOptions,
  type SpineRow,
} from '../charts/spine.js';
import { renderChart } from '../charts/render.js';
import { esc, reportDocument } from './html.js';

/** How many of the tier's evidence indicators get a funnel (each is the whole country's practices). */
const FUNNELS = 3;

export async function practiceReportData(
  db: Queryable,
  viewer: Viewer,
  practice: { code: string; name: string },
) {
  const code = practice.code;
  const defs = await listIndicators(db);
  const defOf = (c: string) => defs.find((d) => d.code === c);
  // as the practice page: local indicators only for those who see the practice's local figures
  const seesLocal = await viewer.seesRawFor(code);
  const visible = (c: string) => seesLocal || defOf(c)?.published !== false;

  const rules = await currentRules(db);
  const decision = rules ? (await evaluateCached(db, rules)).decisions.get(code) : undefined;
  const tier = {
    tier: (decision?.tier ?? null) as Tier | null,
    tierLabel: decision ? TIER_LABEL[decision.tier] : null,
    reason: decision?.reason ?? (rules ? 'no results for the adopted indicators' : 'no tier rules yet'),
    ruleVersion: rules?.version ?? null,
    rules: rules ? describeRules(rules, defs).map((r) => r.text) : [],
    evidence: (decision?.evidence ?? []).map((x) => ({
      ...x,
      title: defOf(x.indicator)?.title ?? x.indicator,
    })),
  };

  const spine = (await practiceSpine(db, code)) as SpineRow[];

  const spc: ChartedSpc[] = [];
  for (const c of (await spcIndicators(db, code)).filter(visible)) {
    const s = await practiceSpc(db, code, defOf(c)!, { mayRebase: false });
    if (s.enough) spc.push(s);
  }
  spc.sort((a, b) => a.title.localeCompare(b.title));

  // funnels of the tier's evidence: published indicators only, since a funnel shows every practice's figures
  const funnels = [];
  for (const x of tier.evidence.filter((e) => defOf(e.indicator)?.published).slice(0, FUNNELS)) {
    const def = defOf(x.indicator)!;
    const f = await funnelFor(db, def, {
      area: null,
      comparator: 'england',
      period: x.periodStart,
      window: x.periods,
      adjust: x.adjustment,
    }).catch(() => null);
    if (f) funnels.push({ title: def.title, unit: def.unit, ...funnelAnswerJson(f) });
  }

  const peers = await peersOf(db, code);
  const comparison = await againstPeers(
    db,
    code,
    peers.peers.map((p) => p.code),
    false,
  );
  const notes = (await annotationsOf(db, code)).filter((n) => visible(n.indicator));

  const shown = new Set([
    ...tier.evidence.map((e) => e.indicator),
    ...spine.map((r) => r.indicator),
    ...spc.map((s) => s.indicator),
  ]);
  const values = await valuesForOrganisation(db, code);
  const loads = await loadsBehind(db, [...shown], [code]);
  return {
    practice: { code, name: practice.name },
    generatedOn: today(),
    tier,
    spine,
    spc,
    funnels,
    peers: { method: peers.method ?? null, reason: peers.reason, list: peers.peers, comparison },
    notes,
    sources: [...shown]
      .map((c) => defOf(c))
      .filter((d): d is CatalogueEntry => !!d)
      .map((d) => ({
        indicator: d.code,
        title: d.title,
        source: d.source,
        published: d.published,
        version: d.version,
        latest: values
          .filter((v) => v.indicatorCode === d.code)
          .reduce<string | null>((m, v) => (m && m > v.periodStart ? m : v.periodStart), null),
      })),
    loads: loads.map((l) => ({ ...l, loadedAt: new Date(l.loadedAt).toISOString() })),
  };
}

export type PracticeReportData = Awaited<ReturnType<typeof practiceReportData>>;

const fig = (v: number | null | undefined) =>
  typeof v !== 'number' || !Number.isFinite(v)
    ? '—'
    : Math.abs(v) >= 100
      ? v.toLocaleString('en-GB', { maximumFractionDigits: 1 })
      : v.toPrecision(3);

/** A count as the report prints it: pooled counts of a weighted denominator (STAR-PU) are not whole numbers. */
export const countFigure = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** The report as one self-contained HTML document, its charts inline SVG. */
export async function practiceReportHtml(d: PracticeReportData): Promise<string> {
  const t = d.tier;
  const evidence = t.evidence.length
    ? `<table id="evidence"><thead><tr><th>Indicator</th><th>Periods</th><th class="num">Numerator</th><th class="num">Denominator</th><th class="num">Value</th><th class="num">Expected</th><th class="num">z (adjusted)</th><th>Reading</th></tr></thead><tbody>${t.evidence
        .map(
          (e) =>
            `<tr data-indicator="${esc(e.indicator)}"><td>${esc(e.title)}</td><td>${esc(e.windowStart.slice(0, 7))} to ${esc(e.periodStart.slice(0, 7))} (${e.periods})</td><td class="num">${countFigure(e.numerator)}</td><td class="num">${countFigure(e.denominator)}</td><td class="num">${fig(e.value)}</td><td class="num">${fig(e.expected)}</td><td class="num">${fig(e.zAdjusted)}</td><td>${e.worseStrict ? 'worse than expected (strict limits)' : e.worseWatch ? 'worse than expected (watch limits)' : e.better ? 'better than expected' : 'within expected variation'}${e.judged ? '' : ` — not judged: ${esc(e.notJudged)}`}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No indicator results decided a tier.</p>';

  const spine = d.spine.length
    ? `<figure class="chart" id="spine-chart">${await renderChart(spinePlotOptions(d.spine))}<figcaption>${esc(SPINE_CAPTION)}</figcaption></figure>
<table><thead><tr><th>Indicator</th><th>Period</th><th class="num">Practice</th><th class="num">CCG</th><th class="num">All practices</th><th>Reading</th></tr></thead><tbody>${d.spine
        .map(
          (r) =>
            `<tr><td>${esc(r.title)}</td><td>${esc(r.periodStart.slice(0, 7))}</td><td class="num">${spineFigure(r.value)}</td><td class="num">${spineFigure(r.ccgValue)}</td><td class="num">${spineFigure(r.englandValue)}</td><td>${esc(r.reading ? SPINE_READING[r.reading] : r.noReading)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No published indicator values for this practice.</p>';

  const spc: string[] = [];
  for (const s of d.spc)
    spc.push(
      `<section class="chart" data-spc="${esc(s.indicator)}" data-points="${s.points.length}"><h3>${esc(s.title)}</h3><figure>${await renderChart(spcPlotOptions(s))}<figcaption>${esc(spcCaption(s))}</figcaption></figure></section>`,
    );

  const funnels: string[] = [];
  for (const f of d.funnels)
    funnels.push(
      `<section class="chart" data-funnel="${esc(f.indicator)}" data-practices="${f.rows.length}"><h3>${esc(f.title)}</h3><figure>${await renderChart({ ...funnelPlotOptions({ ...f, points: funnelPointsOf(f.rows) }, d.practice.code), ariaLabel: `Funnel plot of ${f.rows.length} practices` })}<figcaption>${esc(f.title)}: ${f.rows.length} practices, ${esc(f.periodStart.slice(0, 7))}; this practice ringed. ${esc(f.method)}.</figcaption></figure></section>`,
    );

  const peers = d.peers.list.length
    ? `<p class="small">${esc(d.peers.method)}.</p><p>${d.peers.list.map((p) => `${esc(p.name)} (${esc(p.code)})`).join('; ')}.</p>
${
  d.peers.comparison.length
    ? `<table id="peers"><thead><tr><th>Indicator</th><th>Period</th><th class="num">Practice</th><th class="num">Peer median</th><th class="num">Peer range</th><th class="num">Peers above</th></tr></thead><tbody>${d.peers.comparison
        .map(
          (c) =>
            `<tr><td>${esc(c.title)}</td><td>${esc(c.period.slice(0, 7))}</td><td class="num">${fig(c.value)}</td><td class="num">${fig(c.peerMedian)}</td><td class="num">${fig(c.peerMin)} to ${fig(c.peerMax)}</td><td class="num">${c.peersAbove} of ${c.peers}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}`
    : `<p>${esc(d.peers.reason ?? 'No peers found.')}</p>`;

  const notes = d.notes.length
    ? `<ul id="notes">${d.notes.map((n) => `<li><strong>${esc(n.indicator)}, ${esc(n.periodStart.slice(0, 7))}</strong>: ${esc(n.note)} <span class="small">(${esc(n.role ?? 'practice')}, ${esc(String(n.at).slice(0, 10))})</span></li>`).join('')}</ul>`
    : '<p>The practice has added no notes of context.</p>';

  const sources = `<table id="sources"><thead><tr><th>Indicator</th><th>Source</th><th>Latest period</th><th>Definition</th></tr></thead><tbody>${d.sources
    .map(
      (s) =>
        `<tr><td>${esc(s.title)}</td><td>${esc(s.source)}${s.published ? '' : ' (local figures)'}</td><td>${esc(s.latest?.slice(0, 7) ?? '—')}</td><td>version ${s.version}</td></tr>`,
    )
    .join('')}</tbody></table>
<table id="loads"><thead><tr><th>Load</th><th>File</th><th>Loaded</th><th>Indicators</th></tr></thead><tbody>${d.loads
    .map(
      (l) =>
        `<tr><td>${l.loadId}</td><td>${esc(l.fileName)}</td><td>${esc(l.loadedAt.slice(0, 10))}</td><td>${esc(l.indicators.join(', '))}</td></tr>`,
    )
    .join('')}</tbody></table>`;

  return reportDocument(
    `Practice report: ${d.practice.name} (${d.practice.code}), ${d.generatedOn}`,
    `<h1>Practice report: ${esc(d.practice.name)} (${esc(d.practice.code)})</h1>
<p>Produced by Lantern on <strong id="generated">${esc(d.generatedOn)}</strong> for the practice's own meeting. The practice's own figures are shown in full; other practices appear only in published open data.</p>
<p class="note">A tier describes a practice's results against what would be expected, never an individual clinician. A signal asks a question; it does not answer one.</p>
<h2>Tier</h2>
<p id="tier"><strong>${esc(t.tierLabel ?? 'No tier')}</strong>: ${esc(t.reason)}${t.ruleVersion !== null ? ` (tier rules version ${t.ruleVersion})` : ''}.</p>
${t.rules.length ? `<h3>The rules</h3><ul class="small">${t.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}
<h3>The evidence</h3>${evidence}
${funnels.length ? `<h3>Against every practice: funnel plots</h3>${funnels.join('')}` : ''}
<h2>Against every practice with data: spine chart</h2>${spine}
<h2>Over time: statistical process control</h2>${spc.length ? spc.join('') : '<p>No indicator has enough periods (12) for a chart over time.</p>'}
<h2>Peers: the most similar practices</h2>${peers}
<h2>Notes of context from the practice</h2>${notes}
<h2>Data sources and loads</h2>${sources}`,
  );
}
