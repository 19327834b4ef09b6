-- The answers the busiest pages send (src/api/stored-answer.ts), as the bytes sent, shared by every process on the
-- database: made once per data version by whichever process is asked first. Not data: writing here does not move the
-- data version, and any row may be deleted at any time (it is made again when next asked).
CREATE TABLE "stored_answers" (
	"key" text PRIMARY KEY NOT NULL,
	"data_version" bigint NOT NULL,
	"json" bytea,
	"gzip" bytea,
	"br" bytea,
	"made_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stored_answers_version_idx" ON "stored_answers" USING btree ("data_version");
