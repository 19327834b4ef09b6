/**
 * The ICB quality committee pack: for an area, its practices' tiers (counts, and movement since the period
 * before), the improvement cases and their stage, the providers' signals and surveillance status, and the QSG
 * summary, with the date, the data sources and the loads. For the commissioner team, who may see every tier
 * in their area; counts of concerns are suppressed as in the QSG pack (the pack goes to a committee).
 */
import type { Queryable } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { today } from '../domain/clock.js';
import { descendantsOf } from '../auth/scope.js';
import { currentPracticesOf } from '../db/repos/organisations.js';
import { listIndicators } from '../db/repos/indicators.js';
import { loadsBehind } from '../db/repos/report-sources.js';
import { TIER_LABEL, TIERS, type Tier } from '../variation/rules.js';
import { currentRules, evaluateCached } from '../variation/service.js';
import { isOverdue, listCases } from '../improvement/service.js';
import { participationIn } from '../improvement/visibility.js';
import { STAGE_LABEL } from '../improvement/workflow.js';
import { qsgData, qsgSummaryTable, shown, signalLabel } from './qsg.js';
import { esc, reportDocument } from './html.js';

export async function committeeData(
  db: Queryable,
  viewer: Viewer,
  area: { code: string; name: string; type: string },
  period: { from: string; to: string },
) {
  const practices = [...(await descendantsOf(db, [area.code]))];
  const rules = await currentRules(db);
  let tiers = null;
  if (rules) {
    // as GET /api/tiers: practices judged in the area, their tier now and a period earlier
    const e = await evaluateCached(db, rules);
    const inArea = [...e.decisions].filter(([, d]) => d.ccg === area.code || d.icb === area.code);
    const judged = inArea.map(([code, d]) => ({
      code,
      tier: d.tier,
      previous: e.previous.get(code)?.tier ?? null,
    }));
    const seen = new Set(judged.map((p) => p.code));
    const rank = (t: Tier) => TIERS.indexOf(t);
    const moved = judged.filter((p) => p.previous !== null && p.previous !== p.tier);
    const catalogue = await listIndicators(db);
    tiers = {
      ruleVersion: rules.version,
      indicators: rules.indicators.map((c) => catalogue.find((d) => d.code === c)?.title ?? c),
      counts: Object.fromEntries(TIERS.map((t) => [t, judged.filter((p) => p.tier === t).length])) as Record<
        Tier,
        number
      >,
      movement: {
        better: moved.filter((p) => rank(p.tier) < rank(p.previous!)).length,
        worse: moved.filter((p) => rank(p.tier) > rank(p.previous!)).length,
        same: judged.filter((p) => p.previous === p.tier).length,
        unknown: judged.filter((p) => p.previous === null).length,
      },
      noTier: (await currentPracticesOf(db, area.code)).filter((p) => !seen.has(p.code)).length,
    };
  }

  const cases = [];
  for (const c of await listCases(db, { practices, open: true })) {
    const who = await participationIn(viewer.permissions, c, async () => false);
    if (who.parties.length === 0) continue;
    cases.push({
      id: c.id,
      practice: { code: c.practiceCode, name: c.practiceName },
      stage: c.stage,
      stageLabel: STAGE_LABEL[c.stage],
      indicators: c.indicators.map((i) => c.indicatorTitles[i] ?? i),
      openedOn: String(c.openedAt).slice(0, 10),
      reviewDue: c.reviewDue,
      overdue: isOverdue(c),
    });
  }

  const qsg = await qsgData(db, {
    areaCode: area.code,
    areaName: area.name,
    practices,
    from: period.from,
    to: period.to,
  });
  const loads = rules ? await loadsBehind(db, rules.indicators, practices) : [];
  return {
    area,
    from: period.from,
    to: period.to,
    generatedOn: today(),
    tiers,
    cases,
    qsg,
    sources: [
      'Tiers: the indicator values loaded into Lantern (below), under the tier rules in force.',
      'Improvement cases: Lantern’s case records.',
      'Provider signals, surveillance status and incidents: concerns reported by GP practices and the commissioner’s records in Lantern.',
    ],
    loads: loads.map((l) => ({ ...l, loadedAt: new Date(l.loadedAt).toISOString() })),
  };
}

export type CommitteeData = Awaited<ReturnType<typeof committeeData>>;

export function committeeHtml(d: CommitteeData): string {
  const t = d.tiers;
  const tiers = t
    ? `<table id="tier-counts"><thead><tr><th>Tier</th><th class="num">Practices</th></tr></thead><tbody>${TIERS.map(
        (k) => `<tr data-tier="${k}"><td>${esc(TIER_LABEL[k])}</td><td class="num">${t.counts[k]}</td></tr>`,
      ).join(
        '',
      )}<tr data-tier="none"><td>No tier (no results on the adopted indicators)</td><td class="num">${t.noTier}</td></tr></tbody></table>
<p id="movement">Since the period before: <strong>${t.movement.better}</strong> moved to a better tier, <strong>${t.movement.worse}</strong> to a worse one, ${t.movement.same} stayed, ${t.movement.unknown} had no tier then. Tier rules version ${t.ruleVersion}: ${esc(t.indicators.join('; '))}.</p>`
    : '<p>No tier rules yet: no practice indicator with counts has been loaded.</p>';
  const cases = d.cases.length
    ? `<table id="cases"><thead><tr><th>Case</th><th>Practice</th><th>Stage</th><th>About</th><th>Opened</th><th>Review due</th></tr></thead><tbody>${d.cases
        .map(
          (c) =>
            `<tr data-case="${c.id}"><td>${c.id}</td><td>${esc(c.practice.name)} (${esc(c.practice.code)})</td><td>${esc(c.stageLabel)}</td><td>${esc(c.indicators.join('; '))}</td><td>${esc(c.openedOn)}</td><td>${esc(c.reviewDue ?? '—')}${c.overdue ? ' <strong>(overdue)</strong>' : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No open improvement cases.</p>';
  const signals = d.qsg.providers.filter((p) => p.signals.length || p.level !== 'routine');
  const providers = signals.length
    ? signals
        .map(
          (p) =>
            `<section class="provider" data-provider="${esc(p.code)}"><h3>${esc(p.name)} (${esc(p.code)})</h3><p><strong>Surveillance status:</strong> ${esc(p.levelLabel)}${p.levelSince ? ` since ${esc(p.levelSince)}` : ''}${p.levelReason ? `: ${esc(p.levelReason)}` : ''}. Concerns in the period: ${shown(p.total)}.</p>${
              p.signals.length
                ? `<ul>${p.signals.map((s) => `<li>${esc(signalLabel(s.method))}: ${esc(s.category)}, ${esc(s.from)} to ${esc(s.to)}</li>`).join('')}</ul>`
                : '<p>No new signals in the period.</p>'
            }</section>`,
        )
        .join('')
    : '<p>No provider has a signal in the period or is under more than routine surveillance.</p>';
  const loads = d.loads.length
    ? `<table id="loads"><thead><tr><th>Load</th><th>Source</th><th>File</th><th>Loaded</th><th>Indicators</th></tr></thead><tbody>${d.loads
        .map(
          (l) =>
            `<tr><td>${l.loadId}</td><td>${esc(l.source)}</td><td>${esc(l.fileName)}</td><td>${esc(l.loadedAt.slice(0, 10))}</td><td>${esc(l.indicators.join(', '))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No indicator loads behind the tiers.</p>';
  return reportDocument(
    `Quality committee pack: ${d.area.name}, ${d.generatedOn}`,
    `<h1>Quality committee pack: ${esc(d.area.name)} (${esc(d.area.code)})</h1>
<p>Produced by Lantern on <strong id="generated">${esc(d.generatedOn)}</strong>. Concerns and signals: ${esc(d.from)} to ${esc(d.to)}.</p>
<p class="note">Counts of concerns are suppressed for sharing: 1–7 are shown as *, other counts are rounded to the nearest 5. A tier describes a practice's results against what would be expected, never an individual clinician; a signal asks a question, it does not answer one.</p>
<h2>Practice tiers</h2>${tiers}
<h2>Improvement cases</h2>${cases}
<h2>Provider signals and surveillance status</h2>${providers}
<h2>Quality Surveillance Group summary</h2>${qsgSummaryTable(d.qsg)}
<h2>Data sources and loads</h2><ul>${d.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>${loads}`,
  );
}
