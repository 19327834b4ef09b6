-- Who may read the note (reason) of each step in a concern's history: 'internal' to the commissioner team, or
-- 'shared' with the reporting practice and the provider. A commissioner's note is internal unless they share it;
-- the practice's and the provider's own notes are shared. Rows made before this migration: the commissioner's
-- notes stay internal except the one that sent the concern to the provider (written as the message to it). The
-- history is append-only (0003): its trigger is set aside for this one marking of the existing rows, and put back.
ALTER TABLE "concern_events" ADD COLUMN "visibility" text DEFAULT 'internal' NOT NULL;--> statement-breakpoint
ALTER TABLE "concern_events" DISABLE TRIGGER "concern_events_no_change";--> statement-breakpoint
UPDATE "concern_events" SET "visibility" = 'shared'
 WHERE "party" <> 'commissioner' OR "kind" = 'acknowledged' OR "to_state" = 'with_provider';--> statement-breakpoint
ALTER TABLE "concern_events" ENABLE TRIGGER "concern_events_no_change";
