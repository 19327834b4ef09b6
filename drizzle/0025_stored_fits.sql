-- National scale (issue 17): a period's comparison is kept as its fit, not as a row per practice. What the fit
-- learned from every practice (a funnel's target, φ, τ² and adjustment; an amount's centre and spread on the log
-- scale) places any practice's counts exactly as the fit did (src/variation/funnel.ts, placeAgainstFit), so the
-- practices' figures are derived when asked for instead of 16 stored columns per practice, indicator and period:
-- at national scale 78 million rows written by every full compute, and half the store.
ALTER TABLE "variation_computations" ADD COLUMN "fit_type" text;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "target" double precision;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "multiplier" double precision;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "adjustment" text;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "k" integer;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "centre" double precision;--> statement-breakpoint
ALTER TABLE "variation_computations" ADD COLUMN "spread" double precision;--> statement-breakpoint
-- computations stored before carry no fit: forgetting them makes the next `lantern compute` fit those periods again
DELETE FROM "variation_computations";--> statement-breakpoint
DROP TABLE "variation_results";
