-- Who may read the note (reason) of each step in a concern's history: 'internal' to the commissioner team, or
-- 'shared' with the reporting practice and the provider. A commissioner's note is internal unless they share it;
-- the practice's and the provider's own notes are shared. Rows made before this migration: the commissioner's
-- notes stay internal except the one that sent the concern to the provider (written as the message to it).
ALTER TABLE "concern_events" ADD COLUMN "visibility" text DEFAULT 'internal' NOT NULL;--> statement-breakpoint
UPDATE "concern_events" SET "visibility" = 'shared'
 WHERE "party" <> 'commissioner' OR "kind" = 'acknowledged' OR "to_state" = 'with_provider';
