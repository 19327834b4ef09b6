/**
 * The authorisation policy: the one place that reads grants and decides who may do what (ASVS V4.1, V4.2).
 *
 * Every decision is `can(action, resource)`: an action from the table below, and the organisation it concerns.
 * A grant allows an action when its role is listed for the action and, for actions over an organisation, the
 * grant covers that organisation (an ICB or sub-ICB grant covers what is below it, a practice grant the practice,
 * a trust grant the trust and its sites, an unscoped admin or partner grant everything). Routes declare the
 * action they need; services and record-level rules (concerns.ts, improvement.ts beside this file) ask the same
 * `Permissions`; the session hands the web the actions its user holds, so that pages copy no role lists.
 */
import type { Queryable } from '../db/connect.js';
import { ROLES, type Grant, type Role } from '../domain/roles.js';
import { ancestorsOfEach, descendantsOf } from './scope.js';

const COMMISSIONERS = ['admin', 'commissioner_lead', 'commissioner_analyst'] as const;
const LEADS = ['admin', 'commissioner_lead'] as const;
/** Roles that see local (unpublished) figures, and tiers, for the organisations their grant covers. */
const MEMBERS = [...COMMISSIONERS, 'practice_user', 'peer_group_lead'] as const;

/**
 * What `over` says about the resource:
 * - `none`: the role is enough (the record-level rules, or the data itself, narrow it further);
 * - `org`: the grant must cover `resource.org` (a practice, a CCG or ICB, or the commissioning area of a record);
 * - `trust`: a provider user's grant must cover `resource.org` (the trust); the other roles listed are not
 *   bound to a provider (commissioners and partners see every provider, limited to their own area's records).
 */
type Over = 'none' | 'org' | 'trust';
interface Rule {
  roles: readonly Role[];
  over: Over;
  /** what the action is, for the API documentation and the web */
  means: string;
}

export const ACTIONS = {
  'loads.read': { roles: COMMISSIONERS, over: 'none', means: 'list data loads' },
  'loads.upload': { roles: COMMISSIONERS, over: 'org', means: 'load a file of local figures' },
  'figures.raw': { roles: MEMBERS, over: 'org', means: 'see local figures unsuppressed' },
  'tiers.read': { roles: MEMBERS, over: 'org', means: 'see a practice’s tier and its evidence' },
  'tiers.read_area': { roles: COMMISSIONERS, over: 'org', means: 'see every tier in an area' },
  'tiers.adopt_rules': { roles: LEADS, over: 'none', means: 'adopt a new tier rule set' },
  'indicators.lifecycle.read': { roles: MEMBERS, over: 'none', means: 'follow indicators being chosen' },
  'indicators.lifecycle.change': { roles: LEADS, over: 'none', means: 'propose, adopt or retire indicators' },
  'indicators.comment': { roles: ['practice_user'], over: 'org', means: 'comment on a proposed indicator' },
  'groups.read': {
    roles: [...COMMISSIONERS, 'peer_group_lead'],
    over: 'org',
    means: 'see practice groups',
  },
  'groups.manage': { roles: LEADS, over: 'org', means: 'make and change practice groups' },
  'annotations.read': { roles: MEMBERS, over: 'org', means: 'read practices’ context notes' },
  'annotations.write': { roles: ['practice_user'], over: 'org', means: 'add context to a practice’s values' },
  'spc.rebase': {
    roles: COMMISSIONERS,
    over: 'org',
    means: 'set or remove a recalculation point on a practice’s SPC chart',
  },
  'alerts.read': { roles: [...COMMISSIONERS, 'practice_user'], over: 'none', means: 'use the alerts inbox' },
  'concerns.report': { roles: ['practice_user'], over: 'org', means: 'report a concern about a provider' },
  'concerns.read': {
    roles: [...COMMISSIONERS, 'practice_user', 'provider_user'],
    over: 'none',
    means: 'see concerns',
  },
  'concerns.commission': {
    roles: COMMISSIONERS,
    over: 'org',
    means: 'handle concerns from an area’s practices (and see their counts unsuppressed)',
  },
  'concerns.respond': {
    roles: ['provider_user'],
    over: 'trust',
    means: 'answer concerns sent to your trust',
  },
  'concerns.acknowledge': { roles: COMMISSIONERS, over: 'org', means: 'acknowledge a concern' },
  'concerns.related': {
    roles: [...COMMISSIONERS, 'practice_user'],
    over: 'org',
    means: 'see concerns that may be related',
  },
  'concerns.reveal_nhs_number': { roles: LEADS, over: 'org', means: 'reveal a concern’s NHS number' },
  'concerns.themes': { roles: COMMISSIONERS, over: 'none', means: 'see themes across providers' },
  'concerns.taxonomy': { roles: ['admin'], over: 'none', means: 'change the concern categories' },
  'providers.signals': {
    roles: [...COMMISSIONERS, 'partner', 'provider_user'],
    over: 'trust',
    means: 'see signals of concerns about a provider',
  },
  'providers.incidents': {
    roles: [...COMMISSIONERS, 'partner', 'provider_user'],
    over: 'trust',
    means: 'see a provider’s serious incidents',
  },
  'providers.settings.read': {
    roles: COMMISSIONERS,
    over: 'org',
    means: 'see an area’s deadlines for a provider',
  },
  'providers.settings.write': {
    roles: LEADS,
    over: 'org',
    means: 'set an area’s deadlines for a provider',
  },
  'providers.surveillance': {
    roles: LEADS,
    over: 'org',
    means: 'change an area’s surveillance status of a provider',
  },
  'incidents.record': { roles: COMMISSIONERS, over: 'org', means: 'record and update serious incidents' },
  'referral_choice.read': { roles: ROLES, over: 'none', means: 'compare providers for a referral' },
  'reports.qsg': { roles: [...COMMISSIONERS, 'partner'], over: 'org', means: 'produce the QSG pack' },
  'improvement.read': {
    roles: [...MEMBERS, 'partner'],
    over: 'none',
    means: 'follow improvement cases',
  },
  'improvement.open': { roles: COMMISSIONERS, over: 'org', means: 'share the data with a practice' },
  'improvement.lead': { roles: LEADS, over: 'org', means: 'take the quality lead’s steps on a case' },
  'improvement.reply': { roles: ['practice_user'], over: 'org', means: 'reply to a case as the practice' },
  'improvement.peer_review': {
    roles: ['peer_group_lead'],
    over: 'org',
    means: 'take part in a case’s peer review once the practice has replied',
  },
  'improvement.escalated': { roles: ['partner'], over: 'org', means: 'read escalated cases' },
  'improvement.buddies': { roles: COMMISSIONERS, over: 'org', means: 'see buddy suggestions' },
  'improvement.pack': { roles: [...COMMISSIONERS, 'partner'], over: 'org', means: 'read an evidence pack' },
  'population.patients': {
    roles: ['practice_clinician'],
    over: 'org',
    means: 'see the practice’s own patients for proactive care (every list view audited with its purpose)',
  },
  'population.care': {
    roles: ['practice_clinician'],
    over: 'org',
    means: 'record a patient’s named accountable GP and care plan',
  },
  'voice.record': {
    roles: [...COMMISSIONERS, 'practice_user'],
    over: 'none',
    means: 'record patient feedback (the commissioner team for its area, a practice for its own PPG)',
  },
  'voice.record_area': {
    roles: COMMISSIONERS,
    over: 'org',
    means: 'record patient feedback (PPG, Healthwatch and others) about an area’s practices and providers',
  },
  'voice.record_ppg': {
    roles: ['practice_user'],
    over: 'org',
    means: 'record your own practice’s patient participation group feedback',
  },
  'voice.read': {
    roles: ROLES,
    over: 'none',
    means: 'see patient feedback counts (and the records you may read)',
  },
  'admin.users': { roles: ['admin'], over: 'none', means: 'manage accounts and grants' },
  'admin.audit': { roles: ['admin'], over: 'none', means: 'search, export and verify the audit trail' },
  'documents.read': {
    roles: [...COMMISSIONERS, 'practice_user'],
    over: 'none',
    means: 'read an area’s documents and meeting records (the record’s visibility decides further)',
  },
  'documents.write': {
    roles: [...COMMISSIONERS, 'practice_user'],
    over: 'none',
    means: 'share documents and record meetings in your area',
  },
  'documents.verify': { roles: ['admin'], over: 'none', means: 'check every stored document file' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof ACTIONS;

/** What a viewer may see of concerns, worked out once per request (the record rule is concerns/visibility.ts). */
export interface ConcernScope {
  /** an administrator: every concern but drafts */
  everything: boolean;
  /** practices whose concerns the viewer's commissioner grants cover */
  commissionerPractices: Set<string>;
  /** practices the viewer reports for */
  practices: Set<string>;
  /** the trusts (and their sites) the viewer answers for */
  providers: Set<string>;
  userId: number | null;
}
const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

const rule = (action: Action): Rule => ACTIONS[action];

/** The roles an action is open to (for documentation and the authorisation matrix). */
export const rolesFor = (action: Action): readonly Role[] => rule(action).roles;

/**
 * One viewer's grants and what they allow. Lookups of an organisation's ancestors are cached for the request,
 * so a route and its record-level checks ask the hierarchy once per organisation. Ask before opening a
 * transaction, not inside one: the lookups use the database, which the embedded store serves one at a time.
 */
export class Permissions {
  private readonly up = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly db: Queryable,
    private readonly grants: readonly Grant[],
    /** the signed-in user, or null for the public */
    readonly userId: number | null,
  ) {}

  static anonymous(db: Queryable): Permissions {
    return new Permissions(db, [], null);
  }

  get signedIn(): boolean {
    return this.userId !== null;
  }

  /** The ancestors of an organisation through links open today, itself included. */
  private ancestors(org: string): Promise<Set<string>> {
    let a = this.up.get(org);
    if (!a) {
      a = ancestorsOfEach(this.db, [org]).then((m) => m.get(org)!);
      this.up.set(org, a);
    }
    return a;
  }

  private withRoles(roles: readonly Role[]): Grant[] {
    return this.grants.filter((g) => roles.includes(g.role));
  }

  /** The grants that allow the action on the resource (empty: not allowed). */
  async grantsFor(action: Action, resource: { org?: string | null } = {}): Promise<Grant[]> {
    const r = rule(action);
    const held = this.withRoles(r.roles);
    if (held.length === 0 || r.over === 'none') return held;
    const org = resource.org ?? null;
    if (r.over === 'trust') {
      const bound = held.filter((g) => g.role === 'provider_user');
      const free = held.filter((g) => g.role !== 'provider_user');
      if (org === null) return free.length ? free : bound;
      return [...free, ...(await this.covering(bound, org))];
    }
    // an organisation-bound action asked without one: allowed only to unscoped grants (admin, partner)
    if (org === null) return held.filter((g) => g.orgCode === null);
    return this.covering(held, org);
  }

  private async covering(grants: Grant[], org: string): Promise<Grant[]> {
    if (grants.every((g) => g.orgCode === null)) return grants;
    const up = await this.ancestors(org);
    return grants.filter((g) => g.orgCode === null || up.has(g.orgCode));
  }

  async can(action: Action, resource: { org?: string | null } = {}): Promise<boolean> {
    return (await this.grantsFor(action, resource)).length > 0;
  }

  /** The grants that allow the action somewhere (a route's gate before its record-level check). */
  held(action: Action): Grant[] {
    return this.withRoles(rule(action).roles);
  }

  /** Whether any grant held allows the action somewhere (for menus and the session; the server still decides). */
  holds(action: Action): boolean {
    return this.held(action).length > 0;
  }

  /** The organisations (of those given) that this action does not cover: empty when it covers them all. */
  async notCovered(action: Action, orgs: string[]): Promise<string[]> {
    const held = this.withRoles(rule(action).roles);
    if (held.some((g) => g.orgCode === null)) return [];
    if (held.length === 0) return orgs;
    const scope = new Set(held.map((g) => g.orgCode));
    const up = await ancestorsOfEach(this.db, orgs);
    return orgs.filter((c) => ![...up.get(c)!].some((a) => scope.has(a)));
  }

  /**
   * The organisations at which the viewer holds the action (the grant's own code), or null when a grant is
   * unscoped (everywhere). Empty when the action is not held at all.
   */
  areasFor(action: Action): string[] | null {
    const held = this.withRoles(rule(action).roles);
    if (held.some((g) => g.orgCode === null)) return null;
    return [...new Set(held.map((g) => g.orgCode!))];
  }

  private readonly down = new Map<Action, Promise<Set<string> | null>>();
  /**
   * Every organisation below the viewer's grants for this action, the grants' own included (null: everywhere);
   * asked of the database once per action and request (a route's count view and its concern scope share it).
   */
  organisationsFor(action: Action): Promise<Set<string> | null> {
    let d = this.down.get(action);
    if (!d) {
      const areas = this.areasFor(action);
      d = areas === null ? Promise.resolve(null) : descendantsOf(this.db, areas);
      this.down.set(action, d);
    }
    return d;
  }

  /**
   * The area a record made by this action over `org` belongs to: the organisation of the grant that allows it
   * ('' for an unscoped administrator's), or null when the action is not allowed there.
   */
  async owningArea(action: Action, org: string): Promise<string | null> {
    const [g] = await this.grantsFor(action, { org });
    return g ? (g.orgCode ?? '') : null;
  }

  /** The only area at which the viewer holds the action, when there is exactly one (a sensible default). */
  soleArea(action: Action): string | null {
    const areas = this.areasFor(action);
    return areas && areas.length === 1 ? areas[0] : null;
  }

  /** What the viewer may see of concerns: as the commissioner team, the reporting practice or the provider. */
  async concernScope(): Promise<ConcernScope> {
    const commissioned = await this.organisationsFor('concerns.commission');
    return {
      everything: commissioned === null,
      commissionerPractices: commissioned ?? new Set(),
      practices: new Set(this.areasFor('concerns.report') ?? []),
      providers: (await this.organisationsFor('concerns.respond')) ?? new Set(),
      userId: this.userId,
    };
  }

  /**
   * The practices whose concern counts the viewer sees unsuppressed: those their commissioner grants cover (null:
   * every practice, for an administrator; empty for everyone else, who sees every count suppressed).
   */
  async rawConcernPractices(): Promise<Set<string> | null> {
    return this.holds('concerns.commission') ? this.organisationsFor('concerns.commission') : new Set();
  }

  /** Whether every grant the viewer holds allows this action and no other grant is held (e.g. a partner only). */
  onlyFor(action: Action): boolean {
    return this.grants.length > 0 && this.held(action).length === this.grants.length;
  }

  /**
   * What the session tells the web: each action the viewer holds, with the organisations it is held at (null:
   * everywhere). Pages show or hide what the server would refuse; the server decides again on every request.
   */
  summary(): Partial<Record<Action, string[] | null>> {
    const out: Partial<Record<Action, string[] | null>> = {};
    for (const a of ACTION_NAMES) if (this.holds(a)) out[a] = this.areasFor(a);
    return out;
  }

  /** Short description of the grants held, for audit entries of refusals. */
  describeGrants(): string[] {
    return this.grants.map((g) => `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}`);
  }

  /** The role named in audit entries when no acting grant is known. */
  get firstRole(): Role | null {
    return this.grants[0]?.role ?? null;
  }
}
