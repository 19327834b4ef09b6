CREATE TABLE "indicator_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"practice_code" text NOT NULL,
	"agree" boolean,
	"comment" text NOT NULL,
	"actor_user_id" integer,
	"role" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_lifecycle" (
	"indicator_code" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"closes_on" date,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_lifecycle_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"why" text NOT NULL,
	"rule_version" integer,
	"actor" text NOT NULL,
	"role" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "indicator_comments_code" ON "indicator_comments" USING btree ("indicator_code");--> statement-breakpoint
CREATE INDEX "indicator_lifecycle_events_code" ON "indicator_lifecycle_events" USING btree ("indicator_code");--> statement-breakpoint
CREATE TRIGGER indicator_lifecycle_events_no_change BEFORE UPDATE OR DELETE ON "indicator_lifecycle_events" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER indicator_comments_no_change BEFORE UPDATE OR DELETE ON "indicator_comments" FOR EACH ROW EXECUTE FUNCTION append_only();
