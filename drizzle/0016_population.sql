-- Population health: patient-level rows for risk stratification and proactive care (issue 20). Only SYNTHETIC
-- patients exist in Lantern's repository and demo; a real extract arrives pseudonymised at source. The patient is a
-- pseudonym (patient_ref); an NHS number, where one is given (synthetic patients have one in the 999 range), is kept
-- only encrypted. Rows are read by the registered practice's clinicians alone (src/auth/policy.ts), every read of a
-- list is audited with its purpose, and a practice's rows are deleted as a whole by the retention purge.
CREATE TABLE "population_extracts" (
	"id" serial PRIMARY KEY NOT NULL,
	"practice_code" text NOT NULL,
	"synthetic" boolean NOT NULL,
	"source" text NOT NULL,
	"checksum" text NOT NULL,
	"as_at" date NOT NULL,
	"patients" integer NOT NULL,
	"seed" integer,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" text NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "population_extracts_practice_key" ON "population_extracts" ("practice_code");--> statement-breakpoint
CREATE TABLE "population_patients" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"extract_id" integer NOT NULL REFERENCES "population_extracts"("id") ON DELETE CASCADE,
	"practice_code" text NOT NULL,
	"patient_ref" text NOT NULL,
	"nhs_number_enc" text,
	"sex" text NOT NULL,
	"age" smallint NOT NULL,
	"conditions" text[] NOT NULL,
	"deficits" smallint[] NOT NULL,
	"admissions_prior" smallint NOT NULL,
	"appointments_prior" smallint NOT NULL,
	"admitted_next" boolean,
	"risk" double precision,
	"named_gp" text,
	"care_plan_agreed" date,
	"care_plan_reviewed" date,
	CONSTRAINT "population_patients_sex" CHECK ("sex" IN ('male', 'female')),
	CONSTRAINT "population_patients_age" CHECK ("age" BETWEEN 0 AND 120)
);--> statement-breakpoint
CREATE UNIQUE INDEX "population_patients_ref_key" ON "population_patients" ("practice_code", "patient_ref");--> statement-breakpoint
CREATE INDEX "population_patients_age_idx" ON "population_patients" ("practice_code", "age");--> statement-breakpoint
CREATE INDEX "population_patients_risk_idx" ON "population_patients" ("practice_code", "risk" DESC);--> statement-breakpoint
-- What the practice's clinicians recorded (named accountable GP, care plan agreed or reviewed): the history is
-- append-only; the patient row carries the latest of each. Rows go only with their patient (the retention purge).
CREATE TABLE "population_care_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"patient_id" bigint NOT NULL REFERENCES "population_patients"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"value" text,
	"on_date" date,
	"actor" text NOT NULL,
	"actor_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_care_events_kind" CHECK ("kind" IN ('named_gp', 'care_plan_agreed', 'care_plan_reviewed'))
);--> statement-breakpoint
CREATE INDEX "population_care_events_patient_idx" ON "population_care_events" ("patient_id", "at");--> statement-breakpoint
CREATE TRIGGER population_care_events_no_change BEFORE UPDATE ON "population_care_events" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
-- The emergency-admission risk model in use: its coefficients, where they came from, and how well it separates.
CREATE TABLE "population_risk_models" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"source" text NOT NULL,
	"intercept" double precision NOT NULL,
	"coefficients" jsonb NOT NULL,
	"n" integer,
	"auc" double precision,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
