/**
 * One concern's life: logging it, moving it along the workflow with its history, acknowledging it, revealing its
 * NHS number, and its deadlines. The rules of movement live in workflow.ts; the SQL in src/db/repos/concerns.ts.
 */
import type { Queryable } from '../db/connect.js';
import { today, nowIso } from '../domain/clock.js';
import { findCategory } from '../db/repos/concern-categories.js';
import {
  getConcernRows,
  insertConcern,
  insertConcernEvent,
  listConcernEvents,
  organisationType,
  setAcknowledged,
  updateConcernState,
  type ConcernEvent,
  type ConcernRow,
  type MoveColumns,
} from '../db/repos/concerns.js';
import { SERVICES, type ContractStandard, type Harm } from './taxonomy.js';
import { nhsNumberInText, PatientKeys, validNhsNumber } from './nhs-number.js';
import { ConcernInputError, type Actor } from './errors.js';
import { settingsForPractice } from './settings.js';
import { openIncident } from './incidents.js';
import {
  checkMove,
  deadlinesFor,
  allowedMoves,
  type Deadline,
  type Outcome,
  type NoteVisibility,
  type Party,
  type State,
} from './workflow.js';

export type { ConcernEvent, ConcernRow };
export { CLOCK_COLUMNS } from '../db/repos/concerns.js';

export async function getConcern(db: Queryable, id: number): Promise<ConcernRow | null> {
  const [row] = await getConcerns(db, [id]);
  return row ?? null;
}

export async function getConcerns(db: Queryable, ids: number[]): Promise<ConcernRow[]> {
  return getConcernRows(db, ids);
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
  const cat = await findCategory(db, c.category);
  if (!cat || cat.parentId === null || cat.retired)
    throw new ConcernInputError(
      `category "${c.category}" is not a current second-level category (see GET /api/concerns/taxonomy)`,
    );
  const providerType = await organisationType(db, c.provider);
  if (!providerType || !['trust', 'provider', 'trust_site'].includes(providerType))
    throw new ConcernInputError(`provider ${c.provider} is not a known NHS trust or independent provider`);
  if (c.site && (await organisationType(db, c.site)) !== 'trust_site')
    throw new ConcernInputError(`site ${c.site} is not a known trust site`);
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
  const id = await insertConcern(db, {
    provider: c.provider,
    site: c.site ?? null,
    service: c.service ?? null,
    category: c.category,
    harm: c.harm,
    description: c.description,
    eventDate: c.eventDate,
    contractStandard: c.contractStandard ?? cat.contractStandard ?? null,
    nationalReference: c.nationalReference ?? null,
    urgent: c.urgent ?? false,
    nhsNumberLink: link,
    nhsNumberSealed: sealed,
    practice: c.practice,
    reporterUserId: actor.userId,
    reporter: actor.email,
    shareReporter: c.shareReporter ?? false,
    synthetic: c.synthetic ?? false,
    at: nowIso(),
  });
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
  await insertConcernEvent(db, concernId, {
    at: nowIso(),
    kind: e.kind,
    fromState: e.from ?? null,
    toState: e.to ?? null,
    actorUserId: actor.userId,
    actor: actor.email,
    role: actor.role,
    party,
    reason: e.reason ?? null,
    details: e.details ?? {},
    visibility,
  });
}

/** The date column each arrival stamps (the latest arrival wins). */
const STAMP: Partial<
  Record<State, 'submitted_on' | 'triaged_on' | 'sent_to_provider_on' | 'provider_responded_on'>
> = {
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
  const day = today();
  const columns: MoveColumns = {};
  const stamp = STAMP[to];
  if (stamp) columns[stamp] = day;
  // The commissioner's review ends when it decides (closes, asks for more, or escalates).
  if (from === 'commissioner_review') columns.reviewed_on = day;
  if (to === 'triaged') columns.acknowledged_on_if_unset = day;
  if (to === 'reopened') columns.outcome = null;
  if (extra.outcome) columns.outcome = extra.outcome;
  if (extra.duplicateOf) columns.duplicate_of = extra.duplicateOf;
  if (extra.incidentId) columns.incident_id = extra.incidentId;
  if (!(await updateConcernState(db, id, from, to, nowIso(), columns)))
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
  await setAcknowledged(db, concern.id, today(), nowIso());
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

export async function eventsOf(db: Queryable, id: number): Promise<ConcernEvent[]> {
  return listConcernEvents(db, id);
}

export async function deadlinesOf(db: Queryable, c: ConcernRow): Promise<Deadline[]> {
  return deadlinesFor(c, await settingsForPractice(db, c.providerCode, c.practiceCode), today());
}
