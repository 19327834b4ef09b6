-- Patient voice (issue 19): feedback from patient participation groups, Healthwatch and other fixed sources about a
-- practice or a provider, as themes with a sentiment and a short summary. No patient details: the summary and the
-- source detail are refused at the API if they hold an NHS number (src/api/params.ts withoutNhsNumber). The area a
-- record belongs to decides who counts it unsuppressed: the practice itself for a practice, the recording
-- commissioning area for a provider.
CREATE TABLE "patient_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"org_code" text NOT NULL REFERENCES "organisations"("code"),
	"area_code" text NOT NULL,
	"source" text NOT NULL,
	"source_detail" text,
	"received_on" date NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"summary" text NOT NULL,
	"recorded_by_user_id" integer REFERENCES "users"("id") ON DELETE SET NULL,
	"recorded_role" text,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_feedback_subject" CHECK ("subject" IN ('practice', 'provider')),
	CONSTRAINT "patient_feedback_source" CHECK ("source" IN ('ppg', 'healthwatch', 'complaints_summary', 'nhs_website_reviews', 'friends_and_family')),
	CONSTRAINT "patient_feedback_period" CHECK ("period_from" <= "period_to")
);--> statement-breakpoint
CREATE TABLE "patient_feedback_themes" (
	"feedback_id" integer NOT NULL REFERENCES "patient_feedback"("id") ON DELETE CASCADE,
	"theme" text NOT NULL,
	"sentiment" text NOT NULL,
	CONSTRAINT "patient_feedback_themes_pk" PRIMARY KEY ("feedback_id", "theme"),
	CONSTRAINT "patient_feedback_themes_theme" CHECK ("theme" IN ('access', 'communication', 'dignity', 'environment', 'clinical_care', 'prescriptions', 'referrals', 'discharge', 'other')),
	CONSTRAINT "patient_feedback_themes_sentiment" CHECK ("sentiment" IN ('positive', 'mixed', 'negative'))
);--> statement-breakpoint
CREATE INDEX "patient_feedback_org_idx" ON "patient_feedback" ("org_code", "received_on");
