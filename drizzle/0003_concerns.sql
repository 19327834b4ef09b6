CREATE TABLE "concern_categories" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"label" text NOT NULL,
	"nrls" text,
	"contract_standard" text,
	"position" integer DEFAULT 0 NOT NULL,
	"retired" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"concern_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_user_id" integer,
	"actor" text NOT NULL,
	"role" text,
	"party" text NOT NULL,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"provider_code" text NOT NULL,
	"site_code" text,
	"service" text,
	"category_id" text NOT NULL,
	"harm" text NOT NULL,
	"description" text NOT NULL,
	"event_date" date NOT NULL,
	"contract_standard" text,
	"national_reference" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"nhs_number_link" text,
	"nhs_number_sealed" text,
	"practice_code" text NOT NULL,
	"reporter_user_id" integer,
	"reporter" text NOT NULL,
	"share_reporter" boolean DEFAULT false NOT NULL,
	"duplicate_of" integer,
	"outcome" text,
	"incident_id" integer,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_on" date,
	"acknowledged_on" date,
	"triaged_on" date,
	"sent_to_provider_on" date,
	"provider_responded_on" date,
	"reviewed_on" date
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_code" text NOT NULL,
	"regime" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"harm" text,
	"identified_on" date NOT NULL,
	"reported_on" date,
	"never_event" text,
	"duty_of_candour_on" date,
	"response_type" text,
	"status" text NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_settings" (
	"provider_code" text PRIMARY KEY NOT NULL,
	"acknowledge_days" integer NOT NULL,
	"triage_days" integer NOT NULL,
	"response_days" integer NOT NULL,
	"review_days" integer NOT NULL,
	"incident_regime" text DEFAULT 'psirf' NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_surveillance" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_code" text NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"forum" text,
	"review_on" date,
	"decided_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "concern_events" ADD CONSTRAINT "concern_events_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_events_concern" ON "concern_events" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "concerns_provider" ON "concerns" USING btree ("provider_code","event_date");--> statement-breakpoint
CREATE INDEX "concerns_practice" ON "concerns" USING btree ("practice_code");--> statement-breakpoint
CREATE INDEX "concerns_status" ON "concerns" USING btree ("status");--> statement-breakpoint
CREATE INDEX "concerns_link" ON "concerns" USING btree ("nhs_number_link");--> statement-breakpoint
CREATE INDEX "incidents_provider" ON "incidents" USING btree ("provider_code");--> statement-breakpoint
CREATE INDEX "provider_surveillance_provider" ON "provider_surveillance" USING btree ("provider_code");--> statement-breakpoint
-- A concern's history is append-only: what happened stays as it was recorded.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;--> statement-breakpoint
CREATE TRIGGER concern_events_no_change BEFORE UPDATE OR DELETE ON "concern_events" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER provider_surveillance_no_change BEFORE UPDATE OR DELETE ON "provider_surveillance" FOR EACH ROW EXECUTE FUNCTION append_only();
