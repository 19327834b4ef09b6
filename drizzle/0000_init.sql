CREATE TABLE "indicator_aggregates" (
	"indicator_code" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"area_code" text NOT NULL,
	"statistic" text NOT NULL,
	"numerator" double precision,
	"denominator" double precision,
	"value" double precision,
	"units" integer NOT NULL,
	CONSTRAINT "indicator_aggregates_indicator_code_period_start_period_end_area_code_pk" PRIMARY KEY("indicator_code","period_start","period_end","area_code")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"definition_version" integer NOT NULL,
	"org_code" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"numerator" double precision,
	"denominator" double precision,
	"value" double precision,
	"value_label" text,
	"load_id" integer NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"superseded_by_load" integer
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"domain" text NOT NULL,
	"direction" text NOT NULL,
	"unit" text NOT NULL,
	"multiplier" double precision NOT NULL,
	"method" text NOT NULL,
	"numerator_description" text,
	"denominator_description" text,
	"org_type" text NOT NULL,
	"source" text NOT NULL,
	"how_to_read" text NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	CONSTRAINT "indicators_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "loads" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"checksum" text NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"rows_superseded" integer DEFAULT 0 NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisation_links" (
	"child_code" text NOT NULL,
	"relationship" text NOT NULL,
	"parent_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"load_id" integer,
	CONSTRAINT "organisation_links_child_code_relationship_valid_from_pk" PRIMARY KEY("child_code","relationship","valid_from")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"postcode" text,
	"open_date" date,
	"close_date" date,
	"status" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"load_id" integer
);
--> statement-breakpoint
CREATE TABLE "populations" (
	"org_code" text NOT NULL,
	"date" date NOT NULL,
	"scheme" text NOT NULL,
	"sex" text NOT NULL,
	"age_band" text NOT NULL,
	"patients" double precision NOT NULL,
	"load_id" integer NOT NULL,
	CONSTRAINT "populations_org_code_date_scheme_sex_age_band_pk" PRIMARY KEY("org_code","date","scheme","sex","age_band")
);
--> statement-breakpoint
ALTER TABLE "organisation_links" ADD CONSTRAINT "organisation_links_child_code_organisations_code_fk" FOREIGN KEY ("child_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_links" ADD CONSTRAINT "organisation_links_parent_code_organisations_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_links" ADD CONSTRAINT "organisation_links_load_id_loads_id_fk" FOREIGN KEY ("load_id") REFERENCES "public"."loads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_load_id_loads_id_fk" FOREIGN KEY ("load_id") REFERENCES "public"."loads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_current_key" ON "indicator_values" USING btree ("indicator_code","org_code","period_start","period_end") WHERE "indicator_values"."current";--> statement-breakpoint
CREATE INDEX "indicator_values_period_idx" ON "indicator_values" USING btree ("indicator_code","period_start");--> statement-breakpoint
CREATE INDEX "organisation_links_parent_idx" ON "organisation_links" USING btree ("parent_code","relationship");--> statement-breakpoint
CREATE INDEX "organisations_type_idx" ON "organisations" USING btree ("type");--> statement-breakpoint
CREATE INDEX "organisations_postcode_idx" ON "organisations" USING btree ("postcode");