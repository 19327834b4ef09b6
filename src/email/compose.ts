/**
 * What an email may say, and nothing else. A message is built from a fixed template of fields: the kind of alert,
 * the practice's code and name, the indicator's title, the period and (for a tier change) the two tiers. Never an
 * alert's free text, a concern's text, a figure or anything about a patient: the link back is where the reader
 * sees the details, with the suppression that applies to them. As a last guard every message is run through the
 * NHS-number scanner and refused if it finds one.
 */
import { nhsNumberInText } from '../concerns/nhs-number.js';
import { ALERT_KIND_LABEL, ALERT_KINDS, type AlertKind } from '../alerts/kinds.js';
import { TIER_LABEL, type Tier } from '../variation/rules.js';

/**
 * Links are stored with this in place of LANTERN_PUBLIC_URL and completed by the sender, so a message queued where
 * the email settings are not read (`lantern compute`, say) still links to wherever Lantern is served when it goes.
 */
export const PUBLIC_URL_MARK = '{{LANTERN_PUBLIC_URL}}';

export interface AlertFacts {
  kind: AlertKind;
  practiceCode: string;
  practiceName: string | null;
  indicatorCode: string | null;
  indicatorTitle: string | null;
  periodStart: string | null;
  /** a tier change's tiers */
  tierFrom?: Tier | null;
  tierTo?: Tier | null;
}

export interface Message {
  subject: string;
  body: string;
}

export class PatientDataInMessage extends Error {
  constructor() {
    super(
      'refused: the message contains what looks like an NHS number (a field that should hold a name or code does not); nothing was queued with it',
    );
  }
}

/** One line of at most 120 characters: no control characters (nothing can add a header or a line). */
const field = (s: string | null | undefined): string =>
  (s ?? '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .trim()
    .slice(0, 120);

const CODE = /^[A-Za-z0-9_.-]{1,100}$/;
const code = (s: string | null | undefined): string => (s && CODE.test(s) ? s : '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const link = (path: string, params: Record<string, string | null | undefined> = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `${PUBLIC_URL_MARK}${path}${q.size ? `?${q}` : ''}`;
};

const practiceLine = (f: AlertFacts) =>
  f.practiceName ? `${field(f.practiceName)} (${code(f.practiceCode)})` : code(f.practiceCode);

/** The page that shows this alert: the inbox filtered to it (unread, its kind, practice and indicator). */
export const inboxLink = (f: AlertFacts) =>
  link('/inbox', {
    kind: f.kind,
    practice: code(f.practiceCode),
    indicator: code(f.indicatorCode),
  });

/** The alert's facts, one per line. */
function factLines(f: AlertFacts): string[] {
  const lines = [`What: ${ALERT_KIND_LABEL[f.kind]}`, `Practice: ${practiceLine(f)}`];
  if (f.indicatorCode) lines.push(`Indicator: ${field(f.indicatorTitle) || code(f.indicatorCode)}`);
  if (f.periodStart && DATE.test(f.periodStart)) lines.push(`Period starting: ${f.periodStart}`);
  if (
    f.kind === 'tier_change' &&
    f.tierFrom &&
    f.tierTo &&
    f.tierFrom in TIER_LABEL &&
    f.tierTo in TIER_LABEL
  )
    lines.push(`Tier: from “${TIER_LABEL[f.tierFrom]}” to “${TIER_LABEL[f.tierTo]}”`);
  return lines;
}

const FOOTER = (why: string) => [
  '',
  'This email carries no figures and no patient data: sign in to Lantern to see the details.',
  `You get it because you chose ${why}. Change that on your account page: ${link('/account')}`,
];

/** Refuse a message the NHS-number scanner finds a number in. */
export function checked(m: Message): Message {
  if (nhsNumberInText(m.subject) || nhsNumberInText(m.body)) throw new PatientDataInMessage();
  return m;
}

/** The message announcing one new alert. */
export function alertMessage(f: AlertFacts): Message {
  if (!ALERT_KINDS.includes(f.kind)) throw new Error(`unknown alert kind ${f.kind}`);
  return checked({
    subject: field(`Lantern alert: ${ALERT_KIND_LABEL[f.kind]} – ${practiceLine(f)}`),
    body: [
      'A new alert is in your Lantern inbox.',
      '',
      ...factLines(f),
      '',
      `See it in your inbox: ${inboxLink(f)}`,
      `The practice’s page: ${link(`/practices/${code(f.practiceCode)}`)}`,
      ...FOOTER('an email for each new alert'),
    ].join('\n'),
  });
}

/** How many items a digest lists; the rest are counted and left to the inbox. */
export const DIGEST_LIST = 50;

/** The weekly digest: the unread alerts of the week, newest first, each with its link. */
export function digestMessage(d: { from: string; to: string; items: AlertFacts[]; total: number }): Message {
  const n = d.total;
  const listed = d.items.slice(0, DIGEST_LIST);
  return checked({
    subject: `Lantern: ${n} unread alert${n === 1 ? '' : 's'} this week`,
    body: [
      `Your Lantern inbox has ${n} unread alert${n === 1 ? '' : 's'} raised between ${d.from} and ${d.to}.`,
      '',
      ...listed.flatMap((f, i) => [`${i + 1}. ${factLines(f).join('; ')}`, `   ${inboxLink(f)}`]),
      ...(n > listed.length ? ['', `and ${n - listed.length} more.`] : []),
      '',
      `All your unread alerts: ${link('/inbox', { status: 'unread' })}`,
      ...FOOTER('a weekly digest'),
    ].join('\n'),
  });
}

/** The message as sent: its links completed with LANTERN_PUBLIC_URL, and scanned again. */
export function completeLinks(m: Message, publicUrl: string): Message {
  return checked({ subject: m.subject, body: m.body.split(PUBLIC_URL_MARK).join(publicUrl) });
}
