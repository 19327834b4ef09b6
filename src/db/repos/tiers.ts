/** Versions of the tier rule set (table tier_rule_sets: append-only, the newest in force). */
import type { Queryable } from '../connect.js';

export interface RuleSetRow {
  version: number;
  /** the rule fields as stored (JSON): parsed by RuleSet (src/variation/rules.ts) */
  rules: object;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** Every version of the rule set, newest first. */
export function ruleSetVersions(db: Queryable, limit = 1000): Promise<RuleSetRow[]> {
  return db.query<RuleSetRow>(
    `SELECT version, rules, note, created_by AS "createdBy", created_at AS "createdAt" FROM tier_rule_sets ORDER BY version DESC LIMIT $1`,
    [limit],
  );
}

/** Store the rules as the next version; its number. */
export async function insertRuleSet(
  db: Queryable,
  rules: object,
  note: string | null,
  by: string,
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO tier_rule_sets (version, rules, note, created_by)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM tier_rule_sets RETURNING version`,
    [JSON.stringify(rules), note, by],
  );
  return row!.version;
}

/** The indicators with a current value that has counts (a numerator over a positive denominator). */
export async function indicatorsWithCounts(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `SELECT DISTINCT indicator_code AS code FROM indicator_values WHERE current AND numerator IS NOT NULL AND denominator > 0`,
  );
  return new Set(rows.map((r) => r.code));
}
