/**
 * Concerns in the database: taxonomy, logging, moves with their history, deadlines, who sees what, related
 * concerns, provider settings. The API wraps these; the rules of movement live in workflow.ts.
 */
import type { Queryable } from '../db/connect.js';
import { today, nowIso } from '../domain/clock.js';
import type { ConcernScope } from '../auth/policy.js';
import { partyFor } from './visibility.js';
import { addWorkingDays } from '../domain/working-days.js';
import {
  CONTRACT_STANDARDS,
  DEFAULT_DEADLINES,
  DEFAULT_TAXONOMY,
  HARM_GRADES,
  NRLS_CATEGORIES,
  SERVICES,
  type ContractStandard,
  type Deadlines,
  type Harm,
} from './taxonomy.js';
import { nhsNumberInText, PatientKeys, validNhsNumber } from './nhs-number.js';
import {
  checkMove,
  deadlinesFor,
  STATE_LABEL,
  allowedMoves,
  type ClockFacts,
  type Deadline,
  type Outcome,
  type NoteVisibility,
  type Party,
  type State,
} from './workflow.js';

export class ConcernInputError extends Error {}

export interface Actor {
  userId: number | null;
  email: string;
  role: string | null;
}

// ---------------------------------------------------------------- taxonomy

export interface Category {
  id: string;
  parentId: string | null;
  label: string;
  nrls: string | null;
  contractStandard: ContractStandard | null;
  retired: boolean;
}

/** Seed the default taxonomy into an empty table (idempotent). */
export async function ensureTaxonomy(db: Queryable): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM concern_categories');
  if (n > 0) return;
  let position = 0;
  for (const top of DEFAULT_TAXONOMY) {
    await db.query(
      `INSERT INTO concern_categories (id, parent_id, label, position) VALUES ($1, NULL, $2, $3) ON CONFLICT DO NOTHING`,
      [top.id, top.label, position++],
    );
    for (const item of top.items)
      await db.query(
        `INSERT INTO concern_categories (id, parent_id, label, nrls, contract_standard, position)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [item.id, top.id, item.label, item.nrls, item.contractStandard ?? null, position++],
      );
  }
}

export async function categories(db: Queryable): Promise<Category[]> {
  return db.query<Category>(
    `SELECT id, parent_id AS "parentId", label, nrls, contract_standard AS "contractStandard", retired
       FROM concern_categories ORDER BY position, id`,
  );
}

export async function taxonomy(db: Queryable) {
  const all = await categories(db);
  const tops = all.filter((c) => c.parentId === null);
  return {
    categories: tops.map((t) => ({
      id: t.id,
      label: t.label,
      retired: t.retired,
      items: all
        .filter((c) => c.parentId === t.id)
        .map((c) => ({
          id: c.id,
          label: c.label,
          retired: c.retired,
          nrlsCategory: c.nrls,
          nrlsLabel: c.nrls ? NRLS_CATEGORIES[c.nrls as keyof typeof NRLS_CATEGORIES] : null,
          contractStandard: c.contractStandard,
        })),
    })),
    harmGrades: HARM_GRADES,
    contractStandards: Object.entries(CONTRACT_STANDARDS).map(([id, label]) => ({ id, label })),
    services: Object.entries(SERVICES).map(([code, label]) => ({ code, label })),
    states: Object.entries(STATE_LABEL).map(([id, label]) => ({ id, label })),
  };
}

/** Administrators add, rename or retire a category (level 2 needs a level-1 parent). */
export async function saveCategory(
  db: Queryable,
  c: { id: string; parentId: string | null; label: string; nrls: string | null; retired: boolean },
): Promise<void> {
  if (c.parentId) {
    const [parent] = await db.query<{ parentId: string | null }>(
      'SELECT parent_id AS "parentId" FROM concern_categories WHERE id = $1',
      [c.parentId],
    );
    if (!parent || parent.parentId !== null)
      throw new ConcernInputError(`parentId ${c.parentId} is not a top-level category`);
    if (!c.nrls) throw new ConcernInputError('a second-level category needs its NRLS category (nrls)');
  }
  await db.query(
    `INSERT INTO concern_categories (id, parent_id, label, nrls, retired, position)
     VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM concern_categories))
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, nrls = EXCLUDED.nrls, retired = EXCLUDED.retired`,
    [c.id, c.parentId, c.label, c.nrls, c.retired],
  );
}

// ---------------------------------------------------------------- provider settings

export interface ProviderSettings extends Deadlines {
  incidentRegime: 'sif2015' | 'psirf';
  custom: boolean;
}

const DEFAULT_SETTINGS: ProviderSettings = { ...DEFAULT_DEADLINES, incidentRegime: 'psirf', custom: false };

const SETTINGS_COLUMNS = `s.acknowledge_days AS acknowledge, s.triage_days AS triage, s.response_days AS "providerResponse",
  s.review_days AS "commissionerReview", s.incident_regime AS "incidentRegime"`;

type SettingsRow = Omit<ProviderSettings, 'custom'>;

/** The settings an area has set for a provider (the defaults when it has set none). */
export async function providerSettings(
  db: Queryable,
  provider: string,
  area: string,
): Promise<ProviderSettings> {
  const [s] = await db.query<SettingsRow>(
    `SELECT ${SETTINGS_COLUMNS} FROM provider_settings s WHERE s.provider_code = $1 AND s.area_code = $2`,
    [provider, area],
  );
  return s ? { ...s, custom: true } : DEFAULT_SETTINGS;
}

/**
 * The settings that apply to a concern from this practice about this provider: those of the nearest area above the
 * practice (through links open today) that has set any, else a row made before settings were per area, else the
 * defaults.
 */
export async function settingsForPractice(
  db: Queryable,
  provider: string,
  practice: string,
): Promise<ProviderSettings> {
  const [s] = await db.query<SettingsRow>(
    `WITH RECURSIVE up(code, depth) AS (
       SELECT $2::text, 0
       UNION
       SELECT l.parent_code, up.depth + 1 FROM organisation_links l JOIN up ON l.child_code = up.code
        WHERE (l.valid_to IS NULL OR l.valid_to > $3::date) AND up.depth < 8)
     SELECT ${SETTINGS_COLUMNS} FROM provider_settings s
       JOIN (SELECT code, min(depth) AS depth FROM up GROUP BY code UNION ALL SELECT '', 99) a ON a.code = s.area_code
      WHERE s.provider_code = $1
      ORDER BY a.depth LIMIT 1`,
    [provider, practice, today()],
  );
  return s ? { ...s, custom: true } : DEFAULT_SETTINGS;
}

/** Settings read once per provider and practice for a batch of concerns. */
export function settingsLookup(
  db: Queryable,
): (provider: string, practice: string) => Promise<ProviderSettings> {
  const seen = new Map<string, Promise<ProviderSettings>>();
  return (provider, practice) => {
    const key = `${provider}\u0000${practice}`;
    let s = seen.get(key);
    if (!s) seen.set(key, (s = settingsForPractice(db, provider, practice)));
    return s;
  };
}

export async function saveProviderSettings(
  db: Queryable,
  provider: string,
  area: string,
  s: Deadlines & { incidentRegime: 'sif2015' | 'psirf' },
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO provider_settings (provider_code, area_code, acknowledge_days, triage_days, response_days, review_days, incident_regime, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (provider_code, area_code) DO UPDATE SET acknowledge_days = $3, triage_days = $4, response_days = $5,
       review_days = $6, incident_regime = $7, updated_by = $8, updated_at = $9`,
    [
      provider,
      area,
      s.acknowledge,
      s.triage,
      s.providerResponse,
      s.commissionerReview,
      s.incidentRegime,
      by,
      nowIso(),
    ],
  );
}

// ---------------------------------------------------------------- concerns

export interface ConcernRow extends ClockFacts {
  id: number;
  providerCode: string;
  providerName: string | null;
  siteCode: string | null;
  service: string | null;
  categoryId: string;
  categoryLabel: string;
  parentCategoryId: string;
  parentCategoryLabel: string;
  harm: Harm;
  description: string;
  eventDate: string;
  contractStandard: ContractStandard | null;
  nationalReference: string | null;
  urgent: boolean;
  nhsNumberLink: string | null;
  nhsNumberSealed: string | null;
  practiceCode: string;
  practiceName: string | null;
  reporterUserId: number | null;
  reporter: string;
  shareReporter: boolean;
  duplicateOf: number | null;
  outcome: Outcome | null;
  incidentId: number | null;
  synthetic: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The days each clock started and stopped (workflow.ts ClockFacts), for any query over concerns c. */
export const CLOCK_COLUMNS = `c.status, c.submitted_on AS "submittedOn", c.acknowledged_on AS "acknowledgedOn",
  c.triaged_on AS "triagedOn", c.sent_to_provider_on AS "sentToProviderOn",
  c.provider_responded_on AS "providerRespondedOn", c.reviewed_on AS "reviewedOn"`;

const SELECT_CONCERN = `
  SELECT c.id, c.provider_code AS "providerCode", po.name AS "providerName", c.site_code AS "siteCode",
         c.service, c.category_id AS "categoryId", k.label AS "categoryLabel", k.parent_id AS "parentCategoryId",
         kp.label AS "parentCategoryLabel", c.harm, c.description, c.event_date AS "eventDate",
         c.contract_standard AS "contractStandard", c.national_reference AS "nationalReference", c.urgent,
         c.nhs_number_link AS "nhsNumberLink", c.nhs_number_sealed AS "nhsNumberSealed",
         c.practice_code AS "practiceCode", pr.name AS "practiceName", c.reporter_user_id AS "reporterUserId",
         c.reporter, c.share_reporter AS "shareReporter", c.duplicate_of AS "duplicateOf", c.outcome,
         c.incident_id AS "incidentId", c.synthetic, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         ${CLOCK_COLUMNS}
    FROM concerns c
    JOIN concern_categories k ON k.id = c.category_id
    JOIN concern_categories kp ON kp.id = k.parent_id
    LEFT JOIN organisations po ON po.code = c.provider_code
    LEFT JOIN organisations pr ON pr.code = c.practice_code`;

export async function getConcern(db: Queryable, id: number): Promise<ConcernRow | null> {
  const [row] = await getConcerns(db, [id]);
  return row ?? null;
}

export async function getConcerns(db: Queryable, ids: number[]): Promise<ConcernRow[]> {
  return db.query<ConcernRow>(`${SELECT_CONCERN} WHERE c.id = ANY($1) ORDER BY c.id`, [ids]);
}

/** An NHS number in free text, however written, is refused so it cannot reach a provider (see nhs-number.ts). */
export { nhsNumberInText };

export interface NewConcern {
  provider: string;
  site?: string | null;
  service?: string | null;
  category: string;
  harm: Harm;
  description: string;
  eventDate: string;
  contractStandard?: ContractStandard | null;
  nationalReference?: string | null;
  urgent?: boolean;
  nhsNumber?: string | null;
  shareReporter?: boolean;
  practice: string;
  submit: boolean;
  synthetic?: boolean;
}

/** Log a concern (in the caller's transaction, beside its audit entry). */
export async function createConcern(
  db: Queryable,
  keys: PatientKeys,
  actor: Actor,
  c: NewConcern,
): Promise<number> {
  const [cat] = await db.query<{
    parentId: string | null;
    retired: boolean;
    contractStandard: string | null;
  }>(
    'SELECT parent_id AS "parentId", retired, contract_standard AS "contractStandard" FROM concern_categories WHERE id = $1',
    [c.category],
  );
  if (!cat || cat.parentId === null || cat.retired)
    throw new ConcernInputError(
      `category "${c.category}" is not a current second-level category (see GET /api/concerns/taxonomy)`,
    );
  const [provider] = await db.query<{ type: string }>('SELECT type FROM organisations WHERE code = $1', [
    c.provider,
  ]);
  if (!provider || !['trust', 'provider', 'trust_site'].includes(provider.type))
    throw new ConcernInputError(`provider ${c.provider} is not a known NHS trust or independent provider`);
  if (c.site) {
    const [site] = await db.query('SELECT 1 FROM organisations WHERE code = $1 AND type = $2', [
      c.site,
      'trust_site',
    ]);
    if (!site) throw new ConcernInputError(`site ${c.site} is not a known trust site`);
  }
  if (c.service && !SERVICES[c.service])
    throw new ConcernInputError(`service ${c.service} is not a treatment function code Lantern knows`);
  if (c.eventDate > today()) throw new ConcernInputError(`eventDate ${c.eventDate} is in the future`);
  if (nhsNumberInText(c.description))
    throw new ConcernInputError(
      'description contains what looks like an NHS number: remove it and give it in the NHS number field, which is kept encrypted',
    );
  let link: string | null = null;
  let sealed: string | null = null;
  if (c.nhsNumber) {
    const digits = validNhsNumber(c.nhsNumber);
    if (!digits)
      throw new ConcernInputError(
        'nhsNumber is not a valid NHS number (10 digits with a modulus 11 check digit)',
      );
    link = keys.link(digits);
    sealed = keys.encrypt(digits);
  }
  const at = nowIso();
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO concerns (status, provider_code, site_code, service, category_id, harm, description, event_date,
       contract_standard, national_reference, urgent, nhs_number_link, nhs_number_sealed, practice_code,
       reporter_user_id, reporter, share_reporter, synthetic, created_at, updated_at)
     VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
     RETURNING id`,
    [
      c.provider,
      c.site ?? null,
      c.service ?? null,
      c.category,
      c.harm,
      c.description,
      c.eventDate,
      c.contractStandard ?? cat.contractStandard ?? null,
      c.nationalReference ?? null,
      c.urgent ?? false,
      link,
      sealed,
      c.practice,
      actor.userId,
      actor.email,
      c.shareReporter ?? false,
      c.synthetic ?? false,
      at,
    ],
  );
  await recordEvent(db, id, actor, 'practice', { kind: 'created', to: 'draft' });
  if (c.submit) await move(db, id, 'draft', 'submitted', actor, ['practice'], 'Submitted by the practice');
  return id;
}

async function recordEvent(
  db: Queryable,
  concernId: number,
  actor: Actor,
  party: Party,
  e: {
    kind: string;
    from?: State;
    to?: State;
    reason?: string | null;
    details?: Record<string, unknown>;
    /** the commissioner's notes are internal unless shared; the practice's and provider's are always shared */
    visibility?: NoteVisibility;
  },
): Promise<void> {
  const visibility: NoteVisibility = party === 'commissioner' ? (e.visibility ?? 'internal') : 'shared';
  await db.query(
    `INSERT INTO concern_events (concern_id, at, kind, from_state, to_state, actor_user_id, actor, role, party, reason, details, visibility)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      concernId,
      nowIso(),
      e.kind,
      e.from ?? null,
      e.to ?? null,
      actor.userId,
      actor.email,
      actor.role,
      party,
      e.reason ?? null,
      JSON.stringify(e.details ?? {}),
      visibility,
    ],
  );
}

/** The date column each arrival stamps (the latest arrival wins). */
const STAMP: Partial<Record<State, string>> = {
  submitted: 'submitted_on',
  triaged: 'triaged_on',
  with_provider: 'sent_to_provider_on',
  provider_responded: 'provider_responded_on',
};

async function move(
  db: Queryable,
  id: number,
  from: State,
  to: State,
  actor: Actor,
  parties: Party[],
  reason: string,
  extra: {
    outcome?: Outcome;
    duplicateOf?: number;
    incidentId?: number;
    details?: Record<string, unknown>;
    visibility?: NoteVisibility;
  } = {},
): Promise<void> {
  checkMove(from, to, parties);
  const party = parties.find((p) => allowedMoves(from, [p]).includes(to))!;
  const params: unknown[] = [id, to, nowIso(), from];
  const sets = ['status = $2', 'updated_at = $3'];
  const add = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  const day = today();
  const stamp = STAMP[to];
  if (stamp) add(stamp, day);
  // The commissioner's review ends when it decides (closes, asks for more, or escalates).
  if (from === 'commissioner_review') add('reviewed_on', day);
  if (to === 'triaged') {
    params.push(day);
    sets.push(`acknowledged_on = coalesce(acknowledged_on, $${params.length}::date)`);
  }
  if (to === 'reopened') sets.push('outcome = NULL');
  if (extra.outcome) add('outcome', extra.outcome);
  if (extra.duplicateOf) add('duplicate_of', extra.duplicateOf);
  if (extra.incidentId) add('incident_id', extra.incidentId);
  const updated = await db.query(
    `UPDATE concerns SET ${sets.join(', ')} WHERE id = $1 AND status = $4 RETURNING id`,
    params,
  );
  if (updated.length === 0)
    throw new ConcernInputError(`concern ${id} changed while this was being decided; reload it`);
  await recordEvent(db, id, actor, party, {
    kind: 'transition',
    from,
    to,
    reason,
    details: extra.details,
    visibility: extra.visibility,
  });
}

export interface TransitionRequest {
  to: State;
  reason: string;
  outcome?: Outcome;
  duplicateOf?: number;
  /** escalation: link to this incident instead of opening a new one */
  incidentId?: number;
  /** escalation: the commissioning area that owns the incident it opens */
  area?: string;
  /** the commissioner's note: internal to the commissioner team (the default) or shared with practice and provider */
  visibility?: NoteVisibility;
  /** escalation: the regime of the incident it opens (else the provider's setting for the practice's area) */
  regime?: 'sif2015' | 'psirf';
}

/** Move a concern (in the caller's transaction); escalation opens (or links) an incident with it. */
export async function transition(
  db: Queryable,
  concern: ConcernRow,
  actor: Actor,
  parties: Party[],
  t: TransitionRequest,
): Promise<void> {
  checkMove(concern.status, t.to, parties);
  if (t.to === 'closed' && !t.outcome) throw new ConcernInputError(`closing a concern needs an outcome`);
  if (t.to === 'duplicate') {
    if (!t.duplicateOf || t.duplicateOf === concern.id)
      throw new ConcernInputError('marking a duplicate needs duplicateOf: the id of the concern it repeats');
    if (!(await getConcern(db, t.duplicateOf))) throw new ConcernInputError(`no concern ${t.duplicateOf}`);
  }
  let incidentId = t.incidentId;
  if (t.to === 'escalated_to_incident' && !incidentId) {
    const regime =
      t.regime ?? (await settingsForPractice(db, concern.providerCode, concern.practiceCode)).incidentRegime;
    incidentId = await openIncident(db, actor, {
      provider: concern.providerCode,
      area: t.area ?? '',
      regime,
      title: `${concern.categoryLabel} (from concern ${concern.id})`,
      description: t.reason,
      harm: concern.harm,
      identifiedOn: today(),
    });
  }
  const details =
    t.to === 'provider_responded' && !parties.includes('provider')
      ? { recordedForProvider: true }
      : undefined;
  await move(db, concern.id, concern.status, t.to, actor, parties, t.reason, {
    outcome: t.outcome,
    duplicateOf: t.duplicateOf,
    incidentId,
    details,
    visibility: t.visibility,
  });
}

export async function acknowledge(db: Queryable, concern: ConcernRow, actor: Actor): Promise<void> {
  if (concern.status !== 'submitted' || concern.acknowledgedOn)
    throw new ConcernInputError('only a submitted concern not yet acknowledged can be acknowledged');
  await db.query('UPDATE concerns SET acknowledged_on = $2, updated_at = $3 WHERE id = $1', [
    concern.id,
    today(),
    nowIso(),
  ]);
  await recordEvent(db, concern.id, actor, 'commissioner', {
    kind: 'acknowledged',
    reason: 'Receipt acknowledged',
    visibility: 'shared',
  });
}

/** A privileged, audited reveal of the patient's NHS number (the caller audits with the reason). */
export async function revealNhsNumber(
  db: Queryable,
  keys: PatientKeys,
  concern: ConcernRow,
  actor: Actor,
  reason: string,
) {
  if (!concern.nhsNumberSealed) throw new ConcernInputError(`concern ${concern.id} has no NHS number`);
  await recordEvent(db, concern.id, actor, 'commissioner', { kind: 'nhs_number_revealed', reason });
  return keys.decrypt(concern.nhsNumberSealed);
}

export interface ConcernEvent {
  id: number;
  at: string;
  kind: string;
  fromState: State | null;
  toState: State | null;
  actor: string;
  role: string | null;
  party: Party;
  reason: string | null;
  visibility: NoteVisibility;
  details: Record<string, unknown>;
}

export async function eventsOf(db: Queryable, id: number): Promise<ConcernEvent[]> {
  return db.query<ConcernEvent>(
    `SELECT id, at, kind, from_state AS "fromState", to_state AS "toState", actor, role, party, reason, visibility,
            details
       FROM concern_events WHERE concern_id = $1 ORDER BY at, id`,
    [id],
  );
}

export async function deadlinesOf(db: Queryable, c: ConcernRow): Promise<Deadline[]> {
  return deadlinesFor(c, await settingsForPractice(db, c.providerCode, c.practiceCode), today());
}

// ---------------------------------------------------------------- who sees what

export interface ConcernFilter {
  status?: State;
  provider?: string;
  overdue?: boolean;
  limit?: number;
}

export async function listConcerns(db: Queryable, scope: ConcernScope, f: ConcernFilter = {}) {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  if (!scope.everything) {
    const parts = [
      `(c.practice_code = ANY(${p([...scope.commissionerPractices])}) AND c.status <> 'draft')`,
      `(c.practice_code = ANY(${p([...scope.practices])}) AND (c.status <> 'draft' OR c.reporter_user_id = ${p(scope.userId)}))`,
      `(c.provider_code = ANY(${p([...scope.providers])}) AND c.sent_to_provider_on IS NOT NULL)`,
    ];
    where.push(`(${parts.join(' OR ')})`);
  } else where.push(`c.status <> 'draft'`);
  if (f.status) where.push(`c.status = ${p(f.status)}`);
  if (f.provider) where.push(`c.provider_code = ${p(f.provider)}`);
  const rows = await db.query<ConcernRow>(
    `${SELECT_CONCERN} WHERE ${where.join(' AND ')} ORDER BY c.updated_at DESC, c.id DESC LIMIT ${p(f.limit ?? 500)}`,
    params,
  );
  const settingsOf = settingsLookup(db);
  const out = [];
  for (const c of rows) {
    const deadlines = deadlinesFor(c, await settingsOf(c.providerCode, c.practiceCode), today());
    if (f.overdue && !deadlines.some((d) => d.overdue && !d.metOn)) continue;
    out.push({ concern: c, party: partyFor(scope, c)!, deadlines });
  }
  return out;
}

/** Concerns that may be the same problem: the same patient, or the same provider and category close in time. */
export async function relatedConcerns(db: Queryable, c: ConcernRow, scope: ConcernScope) {
  const rows = await db.query<ConcernRow>(
    `${SELECT_CONCERN}
     WHERE c.id <> $1 AND c.status <> 'draft' AND (
       (c.nhs_number_link IS NOT NULL AND c.nhs_number_link = $2)
       OR (c.provider_code = $3 AND c.category_id = $4 AND c.event_date BETWEEN ($5::date - 30) AND ($5::date + 30)))
     ORDER BY (c.nhs_number_link = $2) IS TRUE DESC, abs(c.event_date - $5::date), c.id LIMIT 20`,
    [c.id, c.nhsNumberLink, c.providerCode, c.categoryId, c.eventDate],
  );
  const days = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
  return rows
    .filter((r) => partyFor(scope, r) !== null)
    .slice(0, 5)
    .map((r) => ({
      id: r.id,
      status: r.status,
      eventDate: r.eventDate,
      categoryLabel: r.categoryLabel,
      why: [
        c.nhsNumberLink !== null && r.nhsNumberLink === c.nhsNumberLink ? 'same patient' : null,
        r.providerCode === c.providerCode &&
        r.categoryId === c.categoryId &&
        days(r.eventDate, c.eventDate) <= 30
          ? 'same provider and category within 30 days'
          : null,
      ].filter(Boolean),
    }));
}

// ---------------------------------------------------------------- incidents

export const INCIDENT_STATUSES = ['reported', 'investigating', 'report_received', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const NEVER_EVENTS_2018: Record<string, string> = {
  wrong_site_surgery: 'Wrong site surgery',
  wrong_implant: 'Wrong implant/prosthesis',
  retained_object: 'Retained foreign object post procedure',
  potassium: 'Mis-selection of a strong potassium solution',
  wrong_route: 'Administration of medication by the wrong route',
  insulin_overdose: 'Overdose of insulin due to abbreviations or incorrect device',
  methotrexate_overdose: 'Overdose of methotrexate for non-cancer treatment',
  midazolam: 'Mis-selection of high-strength midazolam during conscious sedation',
  shower_rails: 'Failure to install functional collapsible shower or curtain rails',
  window_falls: 'Falls from poorly restricted windows',
  bed_rails: 'Chest or neck entrapment in bed rails',
  abo_incompatible: 'Transfusion or transplantation of ABO-incompatible blood components or organs',
  misplaced_tube: 'Misplaced naso- or oro-gastric tubes',
  scalding: 'Scalding of patients',
  oxygen_air: 'Unintentional connection of a patient requiring oxygen to an air flowmeter',
};

export interface NewIncident {
  provider: string;
  /** the commissioning area that records it and alone may change it ('' for an administrator's) */
  area: string;
  regime: 'sif2015' | 'psirf';
  title: string;
  description: string;
  harm?: Harm | null;
  identifiedOn: string;
  reportedOn?: string | null;
  neverEvent?: string | null;
  dutyOfCandourOn?: string | null;
  responseType?: string | null;
}

export async function openIncident(db: Queryable, actor: Actor, i: NewIncident): Promise<number> {
  if (i.neverEvent && !NEVER_EVENTS_2018[i.neverEvent])
    throw new ConcernInputError(`neverEvent ${i.neverEvent} is not on the 2018 Never Events list`);
  const at = nowIso();
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO incidents (provider_code, regime, title, description, harm, identified_on, reported_on, never_event,
       duty_of_candour_on, response_type, status, created_by, created_at, updated_at, area_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'reported', $11, $12, $12, $13) RETURNING id`,
    [
      i.provider,
      i.regime,
      i.title,
      i.description,
      i.harm ?? null,
      i.identifiedOn,
      i.reportedOn ?? null,
      i.neverEvent ?? null,
      i.dutyOfCandourOn ?? null,
      i.responseType ?? null,
      actor.email,
      at,
      i.area,
    ],
  );
  return id;
}

export interface IncidentRow {
  id: number;
  providerCode: string;
  /** the commissioning area that recorded it ('' before incidents had one) */
  areaCode: string;
  providerName: string | null;
  regime: 'sif2015' | 'psirf';
  title: string;
  description: string;
  harm: Harm | null;
  identifiedOn: string;
  reportedOn: string | null;
  neverEvent: string | null;
  dutyOfCandourOn: string | null;
  responseType: string | null;
  status: IncidentStatus;
  documents: Array<{ title: string; reference: string }>;
  createdAt: string;
  updatedAt: string;
}

/**
 * Deadlines under the 2015 Serious Incident Framework: reported within 2 working days of being identified,
 * initial review 3 working days after that, investigation report 60 working days after reporting. PSIRF sets
 * no fixed clock: the response follows the provider's plan agreed with the commissioner.
 */
export function incidentDeadlines(i: IncidentRow, day: string) {
  if (i.regime === 'psirf') return [];
  const start = i.reportedOn ?? i.identifiedOn;
  const items = [
    {
      name: 'report',
      label: 'Reported (StEIS)',
      due: addWorkingDays(i.identifiedOn, 2),
      metOn: i.reportedOn,
    },
    {
      name: 'initial_review',
      label: 'Initial review',
      due: addWorkingDays(start, 3),
      metOn: null as string | null,
    },
    {
      name: 'investigation_report',
      label: 'Investigation report',
      due: addWorkingDays(start, 60),
      metOn: i.status === 'report_received' || i.status === 'closed' ? i.updatedAt.slice(0, 10) : null,
    },
  ];
  return items.map((d) => ({ ...d, overdue: !d.metOn && i.status !== 'closed' && day > d.due }));
}

const SELECT_INCIDENT = `SELECT i.id, i.provider_code AS "providerCode", i.area_code AS "areaCode", o.name AS "providerName", i.regime, i.title,
  i.description, i.harm, i.identified_on AS "identifiedOn", i.reported_on AS "reportedOn", i.never_event AS "neverEvent",
  i.duty_of_candour_on AS "dutyOfCandourOn", i.response_type AS "responseType", i.status, i.documents,
  i.created_at AS "createdAt", i.updated_at AS "updatedAt"
  FROM incidents i LEFT JOIN organisations o ON o.code = i.provider_code`;

/** Incidents, of one provider or all, of the given commissioning areas only (null: every area). */
export async function listIncidents(
  db: Queryable,
  provider?: string,
  areas: string[] | null = null,
): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `${SELECT_INCIDENT} WHERE ($1::text IS NULL OR i.provider_code = $1) AND ($2::text[] IS NULL OR i.area_code = ANY($2))
      ORDER BY i.identified_on DESC`,
    [provider ?? null, areas],
  );
}

export async function getIncident(db: Queryable, id: number): Promise<IncidentRow | null> {
  const [r] = await db.query<IncidentRow>(`${SELECT_INCIDENT} WHERE i.id = $1`, [id]);
  return r ?? null;
}

export async function updateIncident(
  db: Queryable,
  id: number,
  u: {
    status?: IncidentStatus;
    reportedOn?: string;
    dutyOfCandourOn?: string;
    responseType?: string;
    document?: { title: string; reference: string };
  },
): Promise<void> {
  await db.query(
    `UPDATE incidents SET status = coalesce($2, status), reported_on = coalesce($3, reported_on),
       duty_of_candour_on = coalesce($4, duty_of_candour_on), response_type = coalesce($5, response_type),
       documents = CASE WHEN $6::jsonb IS NULL THEN documents ELSE documents || $6::jsonb END, updated_at = $7
     WHERE id = $1`,
    [
      id,
      u.status ?? null,
      u.reportedOn ?? null,
      u.dutyOfCandourOn ?? null,
      u.responseType ?? null,
      u.document ? JSON.stringify([u.document]) : null,
      nowIso(),
    ],
  );
}

// ---------------------------------------------------------------- surveillance

export const SURVEILLANCE_LEVELS = {
  routine: 'Routine surveillance',
  enhanced: 'Enhanced surveillance',
  risk_summit: 'Risk summit',
} as const;
export type SurveillanceLevel = keyof typeof SURVEILLANCE_LEVELS;

export interface SurveillanceEntry {
  id: number;
  /** the commissioning area that decided it ('' before the status was per area) */
  areaCode: string;
  areaName: string | null;
  level: SurveillanceLevel;
  reason: string;
  forum: string | null;
  reviewOn: string | null;
  decidedBy: string;
  at: string;
}

/** Every area's decisions about a provider's surveillance status, newest first. */
export async function surveillanceHistory(db: Queryable, provider: string): Promise<SurveillanceEntry[]> {
  return db.query<SurveillanceEntry>(
    `SELECT s.id, s.area_code AS "areaCode", o.name AS "areaName", s.level, s.reason, s.forum,
            s.review_on AS "reviewOn", s.decided_by AS "decidedBy", s.at
       FROM provider_surveillance s LEFT JOIN organisations o ON o.code = s.area_code
      WHERE s.provider_code = $1 ORDER BY s.id DESC`,
    [provider],
  );
}

/** Each area's current status of a provider (its latest decision), most serious first. */
export function currentByArea(history: SurveillanceEntry[]): SurveillanceEntry[] {
  const latest = new Map<string, SurveillanceEntry>();
  for (const h of history) if (!latest.has(h.areaCode)) latest.set(h.areaCode, h);
  const rank = Object.keys(SURVEILLANCE_LEVELS);
  return [...latest.values()].sort((a, b) => rank.indexOf(b.level) - rank.indexOf(a.level) || b.id - a.id);
}

export async function setSurveillance(
  db: Queryable,
  provider: string,
  area: string,
  s: { level: SurveillanceLevel; reason: string; forum?: string | null; reviewOn?: string | null },
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO provider_surveillance (provider_code, area_code, level, reason, forum, review_on, decided_by, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [provider, area, s.level, s.reason, s.forum ?? null, s.reviewOn ?? null, by, nowIso()],
  );
}
