/** Versions of the tier rule set (table tier_rule_sets: append-only, the newest in force). */
import { and, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../connect.js';
import { orm } from '../orm.js';
import { indicatorValues, tierRuleSets } from '../schema.js';

/** A stored version; `rules` holds the rule fields as stored (JSON), parsed by RuleSet (src/variation/rules.ts). */
export type RuleSetRow = typeof tierRuleSets.$inferSelect;

/** Every version of the rule set, newest first. */
export function ruleSetVersions(db: Queryable, limit = 1000): Promise<RuleSetRow[]> {
  return orm(db).select().from(tierRuleSets).orderBy(desc(tierRuleSets.version)).limit(limit);
}

/** Store the rules as the next version; its number (raw SQL: the next number is taken in the same statement). */
export async function insertRuleSet(
  db: Queryable,
  rules: object,
  note: string | null,
  by: string,
): Promise<number> {
  const [row] = await db.query<Pick<RuleSetRow, 'version'>>(
    `INSERT INTO tier_rule_sets (version, rules, note, created_by)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM tier_rule_sets RETURNING version`,
    [JSON.stringify(rules), note, by],
  );
  return row!.version;
}

/** The indicators with a current value that has counts (a numerator over a positive denominator). */
export async function indicatorsWithCounts(db: Queryable): Promise<Set<string>> {
  const rows = await orm(db)
    .selectDistinct({ code: indicatorValues.indicatorCode })
    .from(indicatorValues)
    .where(
      and(
        eq(indicatorValues.current, true),
        isNotNull(indicatorValues.numerator),
        gt(indicatorValues.denominator, 0),
      ),
    );
  return new Set(rows.map((r) => r.code));
}
