-- Documents and meeting records shared by an area's members (issue 19, docs/documents.md). Everything here is
-- append-only: a new version of a document or a meeting is a new row, an action's status changes by an event, and a
-- link is added, never edited. Files live in the storage folder (LANTERN_FILES_DIR), named by their SHA-256; a row
-- holds the checksum, never the content. `search` is a tsvector written with each version (English configuration),
-- over the title and summary, or the agenda, minutes and decisions.
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id")
);--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL REFERENCES "documents"("id"),
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"visibility" text NOT NULL,
	"visible_practice" text,
	"file_sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content_type" text NOT NULL,
	"extension" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	"created_role" text,
	"search" tsvector NOT NULL,
	CONSTRAINT "document_versions_visibility" CHECK ("visibility" IN ('members', 'commissioners', 'practice')),
	CONSTRAINT "document_versions_practice" CHECK (("visibility" = 'practice') = ("visible_practice" IS NOT NULL)),
	CONSTRAINT "document_versions_sha" CHECK ("file_sha256" ~ '^[0-9a-f]{64}$')
);--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_key" ON "document_versions" ("document_id", "version");--> statement-breakpoint
CREATE INDEX "document_versions_search" ON "document_versions" USING gin ("search");--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id")
);--> statement-breakpoint
CREATE TABLE "meeting_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL REFERENCES "meetings"("id"),
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"attendees" jsonb NOT NULL,
	"agenda" text NOT NULL,
	"minutes" text NOT NULL,
	"decisions" jsonb NOT NULL,
	"visibility" text NOT NULL,
	"visible_practice" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	"created_role" text,
	"search" tsvector NOT NULL,
	CONSTRAINT "meeting_versions_visibility" CHECK ("visibility" IN ('members', 'commissioners', 'practice')),
	CONSTRAINT "meeting_versions_practice" CHECK (("visibility" = 'practice') = ("visible_practice" IS NOT NULL))
);--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_versions_key" ON "meeting_versions" ("meeting_id", "version");--> statement-breakpoint
CREATE INDEX "meeting_versions_search" ON "meeting_versions" USING gin ("search");--> statement-breakpoint
-- an action's owner is an organisation (the area or one of its practices) with a role there, or a user shown by role
CREATE TABLE "meeting_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL REFERENCES "meetings"("id"),
	"description" text NOT NULL,
	"owner_org" text NOT NULL,
	"owner_role" text NOT NULL,
	"owner_user_id" integer REFERENCES "users"("id"),
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id")
);--> statement-breakpoint
CREATE INDEX "meeting_actions_meeting" ON "meeting_actions" ("meeting_id");--> statement-breakpoint
-- an action is 'open' until its latest event says otherwise
CREATE TABLE "meeting_action_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"action_id" integer NOT NULL REFERENCES "meeting_actions"("id"),
	"status" text NOT NULL,
	"note" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_user_id" integer REFERENCES "users"("id"),
	"by_role" text,
	CONSTRAINT "meeting_action_events_status" CHECK ("status" IN ('open', 'done', 'cancelled'))
);--> statement-breakpoint
CREATE INDEX "meeting_action_events_action" ON "meeting_action_events" ("action_id", "id");--> statement-breakpoint
CREATE TABLE "record_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" integer NOT NULL,
	"target_kind" text NOT NULL,
	"target" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer REFERENCES "users"("id"),
	CONSTRAINT "record_links_subject" CHECK ("subject_kind" IN ('document', 'meeting')),
	CONSTRAINT "record_links_target" CHECK ("target_kind" IN ('practice', 'indicator', 'tier_rules', 'improvement_case'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "record_links_key" ON "record_links" ("subject_kind", "subject_id", "target_kind", "target");--> statement-breakpoint
CREATE TRIGGER documents_no_change BEFORE UPDATE OR DELETE ON "documents" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER document_versions_no_change BEFORE UPDATE OR DELETE ON "document_versions" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER meetings_no_change BEFORE UPDATE OR DELETE ON "meetings" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER meeting_versions_no_change BEFORE UPDATE OR DELETE ON "meeting_versions" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER meeting_actions_no_change BEFORE UPDATE OR DELETE ON "meeting_actions" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER meeting_action_events_no_change BEFORE UPDATE OR DELETE ON "meeting_action_events" FOR EACH ROW EXECUTE FUNCTION append_only();--> statement-breakpoint
CREATE TRIGGER record_links_no_change BEFORE UPDATE OR DELETE ON "record_links" FOR EACH ROW EXECUTE FUNCTION append_only();
