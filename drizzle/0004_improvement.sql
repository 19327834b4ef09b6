CREATE TABLE "improvement_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"practice_code" text NOT NULL,
	"stage" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"rule_version" integer,
	"tier_at_opening" text,
	"replied" boolean DEFAULT false NOT NULL,
	"plan_agreed" boolean DEFAULT false NOT NULL,
	"buddy_code" text,
	"review_due" date,
	"outcome" text,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "improvement_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"actor_user_id" integer,
	"actor" text NOT NULL,
	"role" text,
	"party" text NOT NULL,
	"why" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence" jsonb
);
--> statement-breakpoint
CREATE TABLE "value_annotations" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_code" text NOT NULL,
	"indicator_code" text NOT NULL,
	"period_start" date NOT NULL,
	"note" text NOT NULL,
	"actor_user_id" integer,
	"actor" text NOT NULL,
	"role" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "variation_computations" (
	"indicator_code" text NOT NULL,
	"period_start" date NOT NULL,
	"definition_version" integer NOT NULL,
	"method" text NOT NULL,
	"inputs" text NOT NULL,
	"practices" integer NOT NULL,
	"phi" double precision,
	"tau2" double precision,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "variation_computations_indicator_code_period_start_pk" PRIMARY KEY("indicator_code","period_start")
);
--> statement-breakpoint
CREATE TABLE "variation_results" (
	"indicator_code" text NOT NULL,
	"period_start" date NOT NULL,
	"org_code" text NOT NULL,
	"numerator" double precision NOT NULL,
	"denominator" double precision NOT NULL,
	"value" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"z" double precision NOT NULL,
	"z_adjusted" double precision NOT NULL,
	"lower_95" double precision NOT NULL,
	"upper_95" double precision NOT NULL,
	"lower_99_8" double precision NOT NULL,
	"upper_99_8" double precision NOT NULL,
	"flag_95" text NOT NULL,
	"flag_99_8" text NOT NULL,
	"p" double precision NOT NULL,
	CONSTRAINT "variation_results_indicator_code_period_start_org_code_pk" PRIMARY KEY("indicator_code","period_start","org_code")
);
--> statement-breakpoint
ALTER TABLE "improvement_steps" ADD CONSTRAINT "improvement_steps_case_id_improvement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."improvement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "improvement_cases_practice" ON "improvement_cases" USING btree ("practice_code");--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_cases_one_open" ON "improvement_cases" USING btree ("practice_code") WHERE stage <> 'closed';--> statement-breakpoint
CREATE INDEX "improvement_steps_case" ON "improvement_steps" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "value_annotations_org" ON "value_annotations" USING btree ("org_code","indicator_code");--> statement-breakpoint
CREATE TRIGGER improvement_steps_no_change BEFORE UPDATE OR DELETE ON "improvement_steps" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER value_annotations_no_change BEFORE UPDATE OR DELETE ON "value_annotations" FOR EACH ROW EXECUTE FUNCTION append_only();
