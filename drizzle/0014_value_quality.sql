-- Why a value cannot be right as published (src/domain/value-quality.ts); kept, but left out of comparisons.
ALTER TABLE "indicator_values" ADD COLUMN "quality_issue" text;--> statement-breakpoint
-- Values loaded before the rules existed: the same rules as valueQualityIssue, in the same order and words
-- (test/db/value-quality.test.ts holds the two to the same answers).
UPDATE "indicator_values" v SET "quality_issue" = q.issue
  FROM (
    SELECT v2.id, CASE
      WHEN i.code IN ('patients_per_gp_fte') AND v2.denominator = 0 AND v2.numerator > 0
        THEN 'an FTE of 0 for a practice with registered patients: the workforce collection records 0 where a practice returned no data'
      WHEN i.code IN ('nurse_fte_per_1000') AND v2.numerator = 0 AND v2.denominator > 0
        THEN 'an FTE of 0 for a practice with registered patients: the workforce collection records 0 where a practice returned no data'
      WHEN i.unit LIKE '£%' AND (v2.value < 0 OR v2.numerator < 0)
        THEN 'a negative payment (a recovery or adjustment), not a payment per patient'
      WHEN i.method = 'proportion' AND v2.denominator > 0 AND v2.numerator > v2.denominator
        THEN 'numerator exceeds its denominator (above 100%)'
      WHEN i.method IN ('proportion', 'rate', 'ratio') AND v2.numerator IS NOT NULL AND v2.denominator <= 0
        THEN 'a denominator of 0 or less'
    END AS issue
      FROM "indicator_values" v2
      JOIN "indicators" i ON i.code = v2.indicator_code AND i.version = v2.definition_version
  ) q
 WHERE q.id = v.id AND q.issue IS NOT NULL;
