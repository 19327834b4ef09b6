-- National scale (issue 17): a value's row and its indexes made smaller and cheaper to write. Every query of the
-- values asks for current ones, by period and indicator, by indicator alone, or by organisation, so each index is
-- partial. The current key leads with the period: loads arrive in time order, so a new month is appended at the
-- index's right edge and its pages fill (led by the indicator, each month went into the middle of every
-- indicator's range and the pages split half full: 84 bytes per value instead of 50). It still gives a period's
-- values of an indicator in practice-code order, as a fit reads them. The organisation index carries the
-- indicator, for a practice's series of one indicator; the (indicator, period) index, deduplicated, serves what
-- reads all of an indicator's periods. The surrogate id (nothing refers to a value by it) goes, with its index.
-- Measured at 6,500 practices × 10 indicators × 24 months: 210 → 169 bytes per value with indexes (the row
-- itself is 101), and one index fewer for each load to write.
ALTER TABLE "indicator_values" DROP COLUMN "id";--> statement-breakpoint
DROP INDEX "indicator_values_period_idx";--> statement-breakpoint
DROP INDEX "indicator_values_current_key";--> statement-breakpoint
DROP INDEX "indicator_values_org_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_current_key" ON "indicator_values" USING btree ("period_start","indicator_code","org_code","period_end") WHERE "indicator_values"."current";--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_idx" ON "indicator_values" USING btree ("indicator_code","period_start") WHERE "indicator_values"."current";--> statement-breakpoint
CREATE INDEX "indicator_values_org_idx" ON "indicator_values" USING btree ("org_code","indicator_code") WHERE "indicator_values"."current";
