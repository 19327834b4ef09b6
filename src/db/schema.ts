/**
 * The one Drizzle schema. Migrations in /drizzle are generated from it (`npm run db:generate`) and applied at start.
 * Dates are `date` in string mode ('YYYY-MM-DD') so PGlite and PostgreSQL return the same thing.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  bigserial,
  customType,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Every ingestion, with what it read and what it changed. */
export const loads = pgTable('loads', {
  id: serial('id').primaryKey(),
  source: text('source').notNull(),
  fileName: text('file_name').notNull(),
  checksum: text('checksum').notNull(),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsAccepted: integer('rows_accepted').notNull().default(0),
  rowsUnchanged: integer('rows_unchanged').notNull().default(0),
  rowsSuperseded: integer('rows_superseded').notNull().default(0),
  warnings: jsonb('warnings')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }),
});

/**
 * Start-up steps, each recorded when it starts and when it has run to the end ('first_start': the load of the sample
 * folder into an empty store, compute and alerts; details say which folder, and whether it was the synthetic area).
 * A step started and never completed (the process was killed) is run again at the next start.
 */
export const setupSteps = pgTable('setup_steps', {
  step: text('step').primaryKey(),
  details: jsonb('details')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }),
});

/** Organisations of every type, keyed by ODS code. */
export const organisations = pgTable(
  'organisations',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    postcode: text('postcode'),
    openDate: date('open_date', { mode: 'string' }),
    closeDate: date('close_date', { mode: 'string' }),
    /** active, closed, dormant, proposed, or unverified (seen in a data file but not in a loaded ODS reference) */
    status: text('status').notNull(),
    attributes: jsonb('attributes')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** the load that last changed it (provenance, like the bulk tables: no per-row foreign key) */
    loadId: integer('load_id'),
    /**
     * The date of the latest register (a file listing every organisation of its type, such as ODS eccg for CCGs)
     * that listed it: one an earlier register listed and a later one leaves out had closed by the later one's date
     * (src/db/repos/register-closures.ts). Null for an organisation no register has listed.
     */
    lastListed: date('last_listed', { mode: 'string' }),
  },
  (t) => [index('organisations_type_idx').on(t.type), index('organisations_postcode_idx').on(t.postcode)],
);

/**
 * Parent relationships over time: [valid_from, valid_to) with valid_to null while open.
 * Intervals of one child and relationship never overlap (the loader merges timelines).
 * Child and parent must be organisations: checked once per statement by a trigger over the rows it wrote
 * (migration 0008), not by per-row foreign keys, which took three quarters of the time of writing a large
 * file's links; organisations are never deleted or re-coded (a trigger refuses both).
 */
export const organisationLinks = pgTable(
  'organisation_links',
  {
    childCode: text('child_code').notNull(),
    relationship: text('relationship').notNull(),
    parentCode: text('parent_code').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    loadId: integer('load_id'),
  },
  (t) => [
    primaryKey({ columns: [t.childCode, t.relationship, t.validFrom] }),
    index('organisation_links_parent_idx').on(t.parentCode, t.relationship),
  ],
);

/**
 * Registered patients per practice and date, by sex and age band (scheme: total, starpu9, quinary).
 * The two bulk tables (this and indicator_values) carry no foreign keys: per-row FK checks halved COPY
 * throughput, and the loader guarantees the references by writing every organisation a file mentions in the
 * same transaction first (test/db/ingest.test.ts checks there are no orphans).
 */
export const populations = pgTable(
  'populations',
  {
    orgCode: text('org_code').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    scheme: text('scheme').notNull(),
    sex: text('sex').notNull(),
    ageBand: text('age_band').notNull(),
    patients: doublePrecision('patients').notNull(),
    loadId: integer('load_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgCode, t.date, t.scheme, t.sex, t.ageBand] })],
);

/** Versioned indicator definitions. */
export const indicators = pgTable(
  'indicators',
  {
    code: text('code').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    domain: text('domain').notNull(),
    direction: text('direction').notNull(),
    unit: text('unit').notNull(),
    multiplier: doublePrecision('multiplier').notNull(),
    method: text('method').notNull(),
    numeratorDescription: text('numerator_description'),
    denominatorDescription: text('denominator_description'),
    orgType: text('org_type').notNull(),
    source: text('source').notNull(),
    howToRead: text('how_to_read').notNull(),
    published: boolean('published').notNull().default(true),
    /** 'events' (counts: binomial or Poisson funnels) or 'continuous' (amounts: £, FTE; never tier evidence) */
    numeratorKind: text('numerator_kind').notNull().default('events'),
    /** the behaviour measured; indicators of one family count once towards a tier rule */
    family: text('family'),
  },
  (t) => [primaryKey({ columns: [t.code, t.version] })],
);

/**
 * Indicator values with provenance. A value replaced by a newer load stays, with `current` false and the
 * superseding load recorded, so no accepted record is lost.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    indicatorCode: text('indicator_code').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    orgCode: text('org_code').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    numerator: doublePrecision('numerator'),
    denominator: doublePrecision('denominator'),
    value: doublePrecision('value'),
    valueLabel: text('value_label'),
    loadId: integer('load_id').notNull(),
    current: boolean('current').notNull().default(true),
    supersededByLoad: integer('superseded_by_load'),
    /** why the value cannot be right as published (src/domain/value-quality.ts); kept, but left out of comparisons */
    qualityIssue: text('quality_issue'),
  },
  // every query asks for current values: by period and indicator, by indicator, or by organisation (0026)
  (t) => [
    // led by the period, so a load's new month is appended at the index's edge; a period's values of an indicator
    // come in practice-code order, as a fit reads them
    uniqueIndex('indicator_values_current_key')
      .on(t.periodStart, t.indicatorCode, t.orgCode, t.periodEnd)
      .where(sql`${t.current}`),
    // every period of an indicator
    index('indicator_values_indicator_idx')
      .on(t.indicatorCode, t.periodStart)
      .where(sql`${t.current}`),
    // one organisation's values, or its series of one indicator (a practice's page asks for them in most sections)
    index('indicator_values_org_idx')
      .on(t.orgCode, t.indicatorCode)
      .where(sql`${t.current}`),
  ],
);

/**
 * Benchmarks for context on charts, kept up to date by every load: per indicator and period, the England figure
 * over all organisations of the indicator's kind, and each CCG's figure over its practices as the CCG was then.
 * `statistic` says how: pooled (Σ numerator / Σ denominator × multiplier) or the median of the values.
 */
export const indicatorAggregates = pgTable(
  'indicator_aggregates',
  {
    indicatorCode: text('indicator_code').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    areaCode: text('area_code').notNull(),
    statistic: text('statistic').notNull(),
    numerator: doublePrecision('numerator'),
    denominator: doublePrecision('denominator'),
    value: doublePrecision('value'),
    units: integer('units').notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.periodStart, t.periodEnd, t.areaCode] })],
);

/** People who sign in: local accounts (argon2id hash) or identities from an OpenID Connect provider. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name'),
    passwordHash: text('password_hash'),
    /** 'local' or the OIDC issuer URL */
    identitySource: text('identity_source').notNull().default('local'),
    subject: text('subject'),
    demo: boolean('demo').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('users_email')
      .on(sql`lower(${t.email})`)
      .where(sql`identity_source = 'local'`),
    uniqueIndex('users_identity').on(t.identitySource, t.subject),
  ],
);

/** A role over the organisations it covers (an ICB covers its sub-ICBs and practices). */
export const grants = pgTable(
  'grants',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** null for roles that are not scoped to an organisation (admin, public partner bodies) */
    orgCode: text('org_code'),
    /** 'local' (granted by an administrator) or 'oidc' (re-derived from the identity provider at each sign-in) */
    origin: text('origin').notNull().default('local'),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grants_unique').on(t.userId, t.role, sql`coalesce(${t.orgCode}, '')`)],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    method: text('method').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'string' }),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token').on(t.tokenHash), index('sessions_user').on(t.userId)],
);

/** OpenID Connect sign-ins in flight: state → PKCE verifier and nonce, for a few minutes. */
export const oidcPending = pgTable('oidc_pending', {
  state: text('state').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * The audit trail: append-only (a trigger refuses UPDATE and DELETE) and hash-chained, each entry's hash
 * covering its content and the previous entry's hash, with seq numbered without gaps.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorUserId: integer('actor_user_id'),
    actor: text('actor').notNull(),
    role: text('role'),
    action: text('action').notNull(),
    target: text('target'),
    outcome: text('outcome').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_action').on(t.action), index('audit_actor').on(t.actorUserId)],
);

/** Tier rule sets, versioned: every version stays, and the latest applies. */
export const tierRuleSets = pgTable('tier_rule_sets', {
  version: integer('version').primaryKey(),
  rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Concern categories (two levels), seeded from the default taxonomy; administrators add, rename and retire them. */
export const concernCategories = pgTable('concern_categories', {
  id: text('id').primaryKey(),
  parentId: text('parent_id'),
  label: text('label').notNull(),
  nrls: text('nrls'),
  contractStandard: text('contract_standard'),
  position: integer('position').notNull().default(0),
  retired: boolean('retired').notNull().default(false),
});

/**
 * Concerns GPs raise about providers. The patient is only a pseudonym: a keyed hash for linking and the
 * encrypted NHS number for an audited reveal. The reporter is never shown to the provider unless they agree.
 */
export const concerns = pgTable(
  'concerns',
  {
    id: serial('id').primaryKey(),
    status: text('status').notNull(),
    providerCode: text('provider_code').notNull(),
    siteCode: text('site_code'),
    service: text('service'),
    categoryId: text('category_id').notNull(),
    harm: text('harm').notNull(),
    description: text('description').notNull(),
    eventDate: date('event_date').notNull(),
    contractStandard: text('contract_standard'),
    nationalReference: text('national_reference'),
    urgent: boolean('urgent').notNull().default(false),
    nhsNumberLink: text('nhs_number_link'),
    nhsNumberSealed: text('nhs_number_sealed'),
    practiceCode: text('practice_code').notNull(),
    reporterUserId: integer('reporter_user_id'),
    reporter: text('reporter').notNull(),
    shareReporter: boolean('share_reporter').notNull().default(false),
    duplicateOf: integer('duplicate_of'),
    outcome: text('outcome'),
    incidentId: integer('incident_id'),
    synthetic: boolean('synthetic').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
    submittedOn: date('submitted_on'),
    acknowledgedOn: date('acknowledged_on'),
    triagedOn: date('triaged_on'),
    sentToProviderOn: date('sent_to_provider_on'),
    providerRespondedOn: date('provider_responded_on'),
    reviewedOn: date('reviewed_on'),
  },
  (t) => [
    index('concerns_provider').on(t.providerCode, t.eventDate),
    index('concerns_practice').on(t.practiceCode),
    index('concerns_status').on(t.status),
    index('concerns_link').on(t.nhsNumberLink),
  ],
);

/** Everything that happened to a concern, append-only: moves, acknowledgements, responses, reveals. */
export const concernEvents = pgTable(
  'concern_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    concernId: integer('concern_id')
      .notNull()
      .references(() => concerns.id),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorUserId: integer('actor_user_id'),
    actor: text('actor').notNull(),
    role: text('role'),
    party: text('party').notNull(),
    reason: text('reason'),
    /** who may read the reason: 'internal' to the commissioner team, or 'shared' with the practice and the provider */
    visibility: text('visibility').notNull().default('internal'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('concern_events_concern').on(t.concernId)],
);

/**
 * A commissioning area's settings for a provider: deadlines in working days and the serious-incident regime. A
 * provider serves several areas, so each area sets its own; a concern follows the settings of the nearest area
 * above its practice that has any ('' is a row made before settings were per area, which applies to every area).
 */
export const providerSettings = pgTable(
  'provider_settings',
  {
    providerCode: text('provider_code').notNull(),
    areaCode: text('area_code').notNull().default(''),
    acknowledgeDays: integer('acknowledge_days').notNull(),
    triageDays: integer('triage_days').notNull(),
    responseDays: integer('response_days').notNull(),
    reviewDays: integer('review_days').notNull(),
    incidentRegime: text('incident_regime').notNull().default('psirf'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerCode, t.areaCode] })],
);

/**
 * A provider's surveillance status over time (routine → enhanced surveillance → risk summit), with why, as each
 * commissioning area decides it ('' for decisions recorded before the status was per area).
 */
export const providerSurveillance = pgTable(
  'provider_surveillance',
  {
    id: serial('id').primaryKey(),
    providerCode: text('provider_code').notNull(),
    areaCode: text('area_code').notNull().default(''),
    level: text('level').notNull(),
    reason: text('reason').notNull(),
    forum: text('forum'),
    reviewOn: date('review_on'),
    decidedBy: text('decided_by').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('provider_surveillance_provider').on(t.providerCode)],
);

/** Serious incidents (2015 framework) and patient-safety incident responses (PSIRF), linked to concerns. */
export const incidents = pgTable(
  'incidents',
  {
    id: serial('id').primaryKey(),
    providerCode: text('provider_code').notNull(),
    /** the commissioning area that recorded it and alone changes it ('' for incidents recorded before areas were) */
    areaCode: text('area_code').notNull().default(''),
    regime: text('regime').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    harm: text('harm'),
    identifiedOn: date('identified_on').notNull(),
    reportedOn: date('reported_on'),
    neverEvent: text('never_event'),
    dutyOfCandourOn: date('duty_of_candour_on'),
    responseType: text('response_type'),
    status: text('status').notNull(),
    documents: jsonb('documents').$type<Array<{ title: string; reference: string }>>().notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('incidents_provider').on(t.providerCode)],
);

/** An improvement case: the graduated, supportive process with one practice (at most one open at a time). */
export const improvementCases = pgTable(
  'improvement_cases',
  {
    id: serial('id').primaryKey(),
    practiceCode: text('practice_code').notNull(),
    stage: text('stage').notNull(),
    /** the indicators in question (from the tier evidence when the case was opened) */
    indicators: jsonb('indicators').$type<string[]>().notNull(),
    ruleVersion: integer('rule_version'),
    tierAtOpening: text('tier_at_opening'),
    replied: boolean('replied').notNull().default(false),
    planAgreed: boolean('plan_agreed').notNull().default(false),
    buddyCode: text('buddy_code'),
    reviewDue: date('review_due'),
    outcome: text('outcome'),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'string' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('improvement_cases_practice').on(t.practiceCode),
    uniqueIndex('improvement_cases_one_open')
      .on(t.practiceCode)
      .where(sql`stage <> 'closed'`),
  ],
);

/** Every step of an improvement case, append-only: who, when, why, and the evidence it rested on. */
export const improvementSteps = pgTable(
  'improvement_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => improvementCases.id),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    actorUserId: integer('actor_user_id'),
    actor: text('actor').notNull(),
    role: text('role'),
    party: text('party').notNull(),
    why: text('why').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    evidence: jsonb('evidence').$type<Record<string, unknown>>(),
  },
  (t) => [index('improvement_steps_case').on(t.caseId)],
);

/** A practice's context on one of its values, append-only (a correction is a newer note). */
export const valueAnnotations = pgTable(
  'value_annotations',
  {
    id: serial('id').primaryKey(),
    orgCode: text('org_code').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    periodStart: date('period_start').notNull(),
    note: text('note').notNull(),
    actorUserId: integer('actor_user_id'),
    actor: text('actor').notNull(),
    role: text('role'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('value_annotations_org').on(t.orgCode, t.indicatorCode)],
);

/**
 * Stored funnels (`lantern compute`): per indicator and period, the fit over every practice in England with the
 * method and definition version (each practice's figures are derived from the fit when asked for), and the change
 * number of the period's inputs (`indicator_period_changes`) it was made from, so that a new load recomputes only
 * the periods whose values changed and a fit older than its inputs is never read as theirs.
 */
export const variationComputations = pgTable(
  'variation_computations',
  {
    indicatorCode: text('indicator_code').notNull(),
    periodStart: date('period_start').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    method: text('method').notNull(),
    practices: integer('practices').notNull(),
    phi: doublePrecision('phi'),
    tau2: doublePrecision('tau2'),
    /**
     * the fit every practice's figures are derived from (ComparisonFit, src/variation/funnel.ts): its type
     * (proportion, rate, ratio or continuous), a funnel's target before the multiplier, adjustment and units used,
     * an amount's centre and spread on the log scale. Null when the period was not fitted.
     */
    fitType: text('fit_type'),
    target: doublePrecision('target'),
    multiplier: doublePrecision('multiplier'),
    adjustment: text('adjustment'),
    k: integer('k'),
    centre: doublePrecision('centre'),
    spread: doublePrecision('spread'),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** indicator_period_changes.change when the period was computed: a different number there means recompute */
    change: bigint('change', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.periodStart] })],
);

/**
 * Per indicator and period, the number of the last change to its practices' inputs, kept by triggers on
 * indicator_values and organisations (drizzle/0021_data_version.sql) whatever wrote them.
 */
export const indicatorPeriodChanges = pgTable(
  'indicator_period_changes',
  {
    indicatorCode: text('indicator_code').notNull(),
    periodStart: date('period_start').notNull(),
    change: bigint('change', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.periodStart] })],
);

/** One number that moves on with every committed change to the data the variation pages are computed from. */
export const dataVersion = pgTable('data_version', {
  id: smallint('id').primaryKey().default(1),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/** The data version at which alerts were last raised in full (one row): the same version again has nothing new. */
export const alertRuns = pgTable(
  'alert_runs',
  {
    id: smallint('id').primaryKey().default(1),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  () => [check('alert_runs_one_row', sql`id = 1`)],
);

/**
 * Each indicator's CUSUM sums as the alerts last ran them (src/variation/cusum-state.ts), per practice in parallel
 * arrays: the fitted periods (and each one's change number) they ran through, and each practice's points so far,
 * last period, carried sums and last point. Not data: writing here does not move the data version, and a row
 * deleted only makes the next run read the indicator's whole series again.
 */
export const cusumStates = pgTable('cusum_states', {
  indicatorCode: text('indicator_code').primaryKey(),
  /** the CUSUM's parameters (k and h): sums run with others are not continued */
  method: text('method').notNull(),
  periodStarts: text('period_starts').array().notNull(),
  changes: text('changes').array().notNull(),
  practices: text('practices').array().notNull(),
  points: integer('points').array().notNull(),
  lastStarts: text('last_starts').array().notNull(),
  carryHigh: doublePrecision('carry_high').array().notNull(),
  carryLow: doublePrecision('carry_low').array().notNull(),
  lastUpper: doublePrecision('last_upper').array().notNull(),
  lastLower: doublePrecision('last_lower').array().notNull(),
  /** 'higher', 'lower' or '' (none) */
  lastSignals: text('last_signals').array().notNull(),
});

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The answers the busiest pages send, as bytes, shared by every process on the database (src/api/stored-answer.ts).
 * Not data: writing here does not move the data version, and any row may be deleted at any time.
 */
export const storedAnswers = pgTable(
  'stored_answers',
  {
    key: text('key').primaryKey(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    json: bytea('json'),
    gzip: bytea('gzip'),
    br: bytea('br'),
    madeAt: timestamp('made_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('stored_answers_version_idx').on(t.dataVersion)],
);

/** The tier each practice was last seen in, so a change raises an alert once. */
export const practiceTiers = pgTable('practice_tiers', {
  practiceCode: text('practice_code').primaryKey(),
  tier: text('tier').notNull(),
  ruleVersion: integer('rule_version').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' }).notNull(),
});

/** Alerts for the inbox: a practice's tier changed, or a value crossed a 99.8% limit. `key` makes raising idempotent. */
export const alerts = pgTable(
  'alerts',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    practiceCode: text('practice_code').notNull(),
    indicatorCode: text('indicator_code'),
    periodStart: date('period_start'),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('alerts_key').on(t.key), index('alerts_practice').on(t.practiceCode)],
);

export const alertReads = pgTable(
  'alert_reads',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    userId: integer('user_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.userId] })],
);

/**
 * Indicators chosen with member practices: proposed → open for comment → adopted → retired. Adopting adds the
 * indicator to the tier rule set (a new version); retiring takes it out. Comments and agreement are per practice.
 */
export const indicatorLifecycle = pgTable('indicator_lifecycle', {
  indicatorCode: text('indicator_code').primaryKey(),
  state: text('state').notNull(),
  closesOn: date('closes_on'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
});

export const indicatorLifecycleEvents = pgTable(
  'indicator_lifecycle_events',
  {
    id: serial('id').primaryKey(),
    indicatorCode: text('indicator_code').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    why: text('why').notNull(),
    ruleVersion: integer('rule_version'),
    actor: text('actor').notNull(),
    role: text('role'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('indicator_lifecycle_events_code').on(t.indicatorCode)],
);

export const indicatorComments = pgTable(
  'indicator_comments',
  {
    id: serial('id').primaryKey(),
    indicatorCode: text('indicator_code').notNull(),
    practiceCode: text('practice_code').notNull(),
    agree: boolean('agree'),
    comment: text('comment').notNull(),
    actorUserId: integer('actor_user_id'),
    role: text('role'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('indicator_comments_code').on(t.indicatorCode)],
);

/** Commissioners' own groupings of practices (localities, federations, PCNs as they work together), to compare within. */
export const practiceGroups = pgTable('practice_groups', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** the CCG or ICB whose commissioners own it */
  areaCode: text('area_code').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
});

export const practiceGroupMembers = pgTable(
  'practice_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => practiceGroups.id),
    practiceCode: text('practice_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.practiceCode] })],
);

/**
 * Recalculation points of a practice's SPC chart of one indicator: from `from_period` on, the chart's centre and
 * limits are computed afresh (Making Data Count "rebasing"), set by a commissioner with the reason.
 */
export const spcBaselines = pgTable(
  'spc_baselines',
  {
    practiceCode: text('practice_code').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    /** the first period of the new segment */
    fromPeriod: date('from_period').notNull(),
    reason: text('reason').notNull(),
    setBy: text('set_by').notNull(),
    setByUserId: integer('set_by_user_id'),
    role: text('role'),
    setAt: timestamp('set_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.practiceCode, t.indicatorCode, t.fromPeriod] })],
);

/**
 * Population health (drizzle/0016_population.sql): one patient extract per practice (SYNTHETIC in the repository and
 * demo; a real one pseudonymised at source), its patients, what the practice's clinicians recorded, and the
 * emergency-admission risk model in use.
 */
export const populationExtracts = pgTable(
  'population_extracts',
  {
    id: serial('id').primaryKey(),
    practiceCode: text('practice_code').notNull(),
    synthetic: boolean('synthetic').notNull(),
    source: text('source').notNull(),
    checksum: text('checksum').notNull(),
    asAt: date('as_at', { mode: 'string' }).notNull(),
    patients: integer('patients').notNull(),
    seed: integer('seed'),
    loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    loadedBy: text('loaded_by').notNull(),
  },
  (t) => [uniqueIndex('population_extracts_practice_key').on(t.practiceCode)],
);

export const populationPatients = pgTable(
  'population_patients',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    extractId: integer('extract_id')
      .notNull()
      .references(() => populationExtracts.id, { onDelete: 'cascade' }),
    practiceCode: text('practice_code').notNull(),
    /** a pseudonym: keyed hash of the NHS number, or the extract's own pseudonym */
    patientRef: text('patient_ref').notNull(),
    /** the NHS number encrypted (AES-256-GCM), where one was given */
    nhsNumberEnc: text('nhs_number_enc'),
    sex: text('sex').notNull(),
    age: smallint('age').notNull(),
    conditions: text('conditions').array().notNull(),
    deficits: smallint('deficits').array().notNull(),
    admissionsPrior: smallint('admissions_prior').notNull(),
    appointmentsPrior: smallint('appointments_prior').notNull(),
    admittedNext: boolean('admitted_next'),
    risk: doublePrecision('risk'),
    namedGp: text('named_gp'),
    carePlanAgreed: date('care_plan_agreed', { mode: 'string' }),
    carePlanReviewed: date('care_plan_reviewed', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('population_patients_ref_key').on(t.practiceCode, t.patientRef),
    index('population_patients_age_idx').on(t.practiceCode, t.age),
    index('population_patients_risk_idx').on(t.practiceCode, t.risk.desc()),
  ],
);

export const populationCareEvents = pgTable(
  'population_care_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    patientId: bigint('patient_id', { mode: 'number' })
      .notNull()
      .references(() => populationPatients.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    value: text('value'),
    onDate: date('on_date', { mode: 'string' }),
    actor: text('actor').notNull(),
    actorUserId: integer('actor_user_id'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('population_care_events_patient_idx').on(t.patientId, t.at)],
);

export const populationRiskModels = pgTable('population_risk_models', {
  id: serial('id').primaryKey(),
  version: text('version').notNull(),
  source: text('source').notNull(),
  intercept: doublePrecision('intercept').notNull(),
  coefficients: jsonb('coefficients').$type<Record<string, number>>().notNull(),
  n: integer('n'),
  auc: doublePrecision('auc'),
  fittedAt: timestamp('fitted_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** A user's choice of email about their inbox (migration 0017); no row means no email. */
export const emailPreferences = pgTable('email_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** 'off', 'immediate' (one message per new alert) or 'weekly' (a digest of the week's unread alerts) */
  mode: text('mode').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
});

/** Messages waiting to be sent, and what became of each (src/email/sender.ts claims them with SKIP LOCKED). */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
    /** the Monday (UTC) of the week a digest covers */
    digestWeek: date('digest_week', { mode: 'string' }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true, mode: 'string' }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'string' }),
    lastError: text('last_error'),
    queuedAt: timestamp('queued_at', { withTimezone: true, mode: 'string' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('email_outbox_alert_key').on(t.userId, t.alertId),
    uniqueIndex('email_outbox_digest_key').on(t.userId, t.digestWeek),
    index('email_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`"status" = 'queued'`),
  ],
);

/** Patient feedback (migration 0020): a PPG's, Healthwatch's or another fixed source's themes about a practice or provider. */
export const patientFeedback = pgTable(
  'patient_feedback',
  {
    id: serial('id').primaryKey(),
    /** 'practice' or 'provider' */
    subject: text('subject').notNull(),
    orgCode: text('org_code')
      .notNull()
      .references(() => organisations.code),
    /** whose record it is: the practice for a practice, the recording commissioning area for a provider */
    areaCode: text('area_code').notNull(),
    source: text('source').notNull(),
    sourceDetail: text('source_detail'),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    summary: text('summary').notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    recordedRole: text('recorded_role'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('patient_feedback_org_idx').on(t.orgCode, t.receivedOn)],
);

/** The themes of one piece of feedback, each with its sentiment ('positive', 'mixed' or 'negative'). */
export const patientFeedbackThemes = pgTable(
  'patient_feedback_themes',
  {
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => patientFeedback.id, { onDelete: 'cascade' }),
    theme: text('theme').notNull(),
    sentiment: text('sentiment').notNull(),
  },
  (t) => [primaryKey({ name: 'patient_feedback_themes_pk', columns: [t.feedbackId, t.theme] })],
);

/** A PostgreSQL tsvector (full-text search), written with each version of a document or a meeting. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A document shared in an area (docs/documents.md): its versions are rows of document_versions. */
export const documents = pgTable('documents', {
  id: serial('id').primaryKey(),
  areaCode: text('area_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  createdBy: integer('created_by').references(() => users.id),
});

export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** 'members', 'commissioners' or 'practice' (with visible_practice) */
    visibility: text('visibility').notNull(),
    visiblePractice: text('visible_practice'),
    fileSha256: text('file_sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    contentType: text('content_type').notNull(),
    extension: text('extension').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdRole: text('created_role'),
    search: tsvector('search').notNull(),
  },
  (t) => [
    uniqueIndex('document_versions_key').on(t.documentId, t.version),
    index('document_versions_search').using('gin', t.search),
  ],
);

/** A meeting record of an area: its versions are rows of meeting_versions. */
export const meetings = pgTable('meetings', {
  id: serial('id').primaryKey(),
  areaCode: text('area_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  createdBy: integer('created_by').references(() => users.id),
});

export const meetingVersions = pgTable(
  'meeting_versions',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    attendees: jsonb('attendees').$type<string[]>().notNull(),
    agenda: text('agenda').notNull(),
    minutes: text('minutes').notNull(),
    decisions: jsonb('decisions').$type<string[]>().notNull(),
    visibility: text('visibility').notNull(),
    visiblePractice: text('visible_practice'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdRole: text('created_role'),
    search: tsvector('search').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_versions_key').on(t.meetingId, t.version),
    index('meeting_versions_search').using('gin', t.search),
  ],
);

export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    description: text('description').notNull(),
    ownerOrg: text('owner_org').notNull(),
    ownerRole: text('owner_role').notNull(),
    ownerUserId: integer('owner_user_id').references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
  },
  (t) => [index('meeting_actions_meeting').on(t.meetingId)],
);

export const meetingActionEvents = pgTable(
  'meeting_action_events',
  {
    id: serial('id').primaryKey(),
    actionId: integer('action_id')
      .notNull()
      .references(() => meetingActions.id),
    status: text('status').notNull(),
    note: text('note').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    byUserId: integer('by_user_id').references(() => users.id),
    byRole: text('by_role'),
  },
  (t) => [index('meeting_action_events_action').on(t.actionId, t.id)],
);

/** What a document or meeting is about: practices, indicators, tier rule versions, improvement cases. */
export const recordLinks = pgTable(
  'record_links',
  {
    id: serial('id').primaryKey(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: integer('subject_id').notNull(),
    targetKind: text('target_kind').notNull(),
    target: text('target').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
  },
  (t) => [uniqueIndex('record_links_key').on(t.subjectKind, t.subjectId, t.targetKind, t.target)],
);
