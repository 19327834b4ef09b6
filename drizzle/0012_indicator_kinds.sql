ALTER TABLE "indicators" ADD COLUMN "numerator_kind" text DEFAULT 'events' NOT NULL;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "family" text;--> statement-breakpoint
-- Built-in indicators loaded before this migration: amounts (£, FTE) are continuous, and the measures of one behaviour share a family.
UPDATE "indicators" SET "numerator_kind" = 'continuous'
 WHERE "code" IN ('antibacterial_cost_per_1000', 'patients_per_gp_fte', 'nurse_fte_per_1000', 'dpc_fte_per_1000', 'nhs_payments_per_patient', 'qof_payments_per_patient');--> statement-breakpoint
UPDATE "indicators" SET "family" = 'antibiotic_prescribing'
 WHERE "code" IN ('antibiotic_items_per_starpu', 'antibacterial_items_per_1000', 'antibacterial_cost_per_1000');--> statement-breakpoint
UPDATE "indicators" SET "family" = 'workforce_capacity'
 WHERE "code" IN ('patients_per_gp_fte', 'nurse_fte_per_1000', 'dpc_fte_per_1000');
