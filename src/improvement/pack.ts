/** The escalation evidence pack as one self-contained HTML document (PDF through reports/pdf.ts). */
import { esc, reportDocument } from '../reports/html.js';
import type { EvidencePack, TierSnapshot } from './service.js';
import { STAGE_LABEL, STEP_LABEL } from './workflow.js';

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));

function evidenceTable(s: TierSnapshot | null): string {
  if (!s) return '<p>No tier rules were in force.</p>';
  const rows = s.evidence
    .map(
      (e) =>
        `<tr><td>${esc(e.title)}</td><td>${esc(e.periodStart.slice(0, 7))}</td><td class="num">${num(e.value)} (${e.numerator} / ${Math.round(e.denominator)})</td><td class="num">${num(e.expected)}</td><td class="num">${num(e.lowerStrict)} to ${num(e.upperStrict)}</td><td class="num">${e.q < 0.001 ? '&lt; 0.001' : e.q.toFixed(3)}</td><td>${e.worseStrict ? 'worse than expected beyond 99.8% limits' : e.worseWatch ? 'worse than expected beyond 95% limits' : 'within expected variation'}</td></tr>`,
    )
    .join('');
  return `<p><strong>${esc(s.tierLabel ?? 'No tier')}</strong> (rule set version ${s.ruleVersion}): ${esc(s.reason)}.</p>
${rows ? `<table><thead><tr><th>Indicator</th><th>Period</th><th class="num">Value</th><th class="num">Expected</th><th class="num">99.8% limits</th><th class="num">q-value</th><th>Reading</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<ul>${s.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
}

function detailsOf(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    if (k === 'actions' && Array.isArray(v))
      parts.push(
        `<table><thead><tr><th>Action</th><th>Owner</th><th>Review by</th></tr></thead><tbody>${(
          v as Array<{ action: string; owner: string; reviewBy: string }>
        )
          .map((a) => `<tr><td>${esc(a.action)}</td><td>${esc(a.owner)}</td><td>${esc(a.reviewBy)}</td></tr>`)
          .join('')}</tbody></table>`,
      );
    else
      parts.push(
        `<div><span class="small">${esc(k)}:</span> ${esc(Array.isArray(v) ? v.join(', ') : v)}</div>`,
      );
  }
  return parts.join('');
}

export function packHtml(p: EvidencePack): string {
  const c = p.case;
  const steps = p.steps
    .map(
      (s) =>
        `<tr><td>${esc(s.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(STEP_LABEL[s.kind])}</td><td>${esc(s.party)}${s.role ? ` (${esc(s.role)})` : ''}</td><td>${esc(s.why)}${detailsOf(s.details)}</td></tr>`,
    )
    .join('');
  const opening = p.steps.find((s) => s.kind === 'share')?.evidence as TierSnapshot | null | undefined;
  return reportDocument(
    `Evidence pack: ${c.practiceName} (${c.practiceCode}), improvement case ${c.id}`,
    `<h1>Evidence pack: ${esc(c.practiceName)} (${esc(c.practiceCode)})</h1>
<p>Improvement case ${c.id}, opened ${esc(c.openedAt.slice(0, 10))}; stage: ${esc(STAGE_LABEL[c.stage])}. Generated ${esc(p.generatedAt.slice(0, 16).replace('T', ' '))} by Lantern.</p>
<p class="note">${esc(p.about)}</p>
<h2>The evidence when the data were shared</h2>${evidenceTable(opening ?? null)}
<h2>The process, step by step</h2>
<table><thead><tr><th>When</th><th>Step</th><th>By</th><th>Why and what</th></tr></thead><tbody>${steps}</tbody></table>
<h2>The tier now</h2>${evidenceTable(p.tierNow)}`,
  );
}
