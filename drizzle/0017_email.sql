-- Alerts and digests by email (issue 18). A user's choice (no row: no email); the outbox, written in the same
-- transaction as the alert a message announces (or by the weekly digest job) and sent by a sender that claims rows
-- with FOR UPDATE SKIP LOCKED, so two senders never send one message twice. A message carries no patient data: it is
-- built from a fixed template (src/email/compose.ts) and refused (status 'refused', no body kept) if the NHS-number
-- scanner finds one in it.
CREATE TABLE "email_preferences" (
	"user_id" integer PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"mode" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_preferences_mode" CHECK ("mode" IN ('off', 'immediate', 'weekly'))
);--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"alert_id" integer REFERENCES "alerts"("id") ON DELETE CASCADE,
	"digest_week" date,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"queued_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "email_outbox_kind" CHECK ("kind" IN ('alert', 'digest')),
	CONSTRAINT "email_outbox_status" CHECK ("status" IN ('queued', 'sent', 'failed', 'refused', 'expired')),
	CONSTRAINT "email_outbox_about" CHECK (("kind" = 'alert') = ("alert_id" IS NOT NULL) AND ("kind" = 'digest') = ("digest_week" IS NOT NULL))
);--> statement-breakpoint
-- one message per alert and recipient, one digest per recipient and week (NULLs are distinct, so each index binds one kind)
CREATE UNIQUE INDEX "email_outbox_alert_key" ON "email_outbox" ("user_id", "alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_digest_key" ON "email_outbox" ("user_id", "digest_week");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" ("next_attempt_at") WHERE "status" = 'queued';
