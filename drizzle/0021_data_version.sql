-- National scale (issue 17). Two counters kept by the database itself, so that every write path and every process
-- agrees on them without re-reading the data.
--
-- data_version: one number that moves on whenever a table the variation pages are computed from changes. Answers
-- cached by any process are keyed on it (src/db/data-version.ts), so a load through one process is seen by all.
-- It is a row, not a sequence: it moves when the writing transaction commits, never before.
CREATE TABLE "data_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK ("id" = 1)
);--> statement-breakpoint
INSERT INTO "data_version" ("id", "version") VALUES (1, 1);--> statement-breakpoint
CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
	RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['organisations', 'organisation_links', 'populations', 'indicators', 'indicator_values',
		'indicator_aggregates', 'tier_rule_sets', 'variation_results', 'variation_computations', 'indicator_lifecycle',
		'practice_groups', 'practice_group_members', 'spc_baselines'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"()', t || '_data_version', t);
	END LOOP;
END $$;--> statement-breakpoint
-- indicator_period_changes: per indicator and period, the number of the last change to its practices' inputs
-- (a value loaded, superseded, flagged or removed, or a practice appearing or changing type). `lantern compute`
-- records the number it computed from and recomputes a period only when the number has moved: knowing what changed
-- costs one read of this small table, not a hash of every value.
CREATE SEQUENCE "indicator_change_seq";--> statement-breakpoint
CREATE TABLE "indicator_period_changes" (
	"indicator_code" text NOT NULL,
	"period_start" date NOT NULL,
	"change" bigint NOT NULL,
	CONSTRAINT "indicator_period_changes_pk" PRIMARY KEY ("indicator_code", "period_start")
);--> statement-breakpoint
INSERT INTO "indicator_period_changes" ("indicator_code", "period_start", "change")
	SELECT "indicator_code", "period_start", nextval('indicator_change_seq') FROM (SELECT DISTINCT "indicator_code", "period_start" FROM "indicator_values") d;--> statement-breakpoint
CREATE FUNCTION "note_indicator_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO "indicator_period_changes" AS c ("indicator_code", "period_start", "change")
			SELECT d."indicator_code", d."period_start", nextval('indicator_change_seq')
			  FROM (SELECT DISTINCT "indicator_code", "period_start" FROM "new_rows") d
			ON CONFLICT ("indicator_code", "period_start") DO UPDATE SET "change" = excluded."change";
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		INSERT INTO "indicator_period_changes" AS c ("indicator_code", "period_start", "change")
			SELECT d."indicator_code", d."period_start", nextval('indicator_change_seq')
			  FROM (SELECT DISTINCT "indicator_code", "period_start" FROM "old_rows") d
			ON CONFLICT ("indicator_code", "period_start") DO UPDATE SET "change" = excluded."change";
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "indicator_values_changes_insert" AFTER INSERT ON "indicator_values"
	REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "note_indicator_changes"();--> statement-breakpoint
CREATE TRIGGER "indicator_values_changes_update" AFTER UPDATE ON "indicator_values"
	REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "note_indicator_changes"();--> statement-breakpoint
CREATE TRIGGER "indicator_values_changes_delete" AFTER DELETE ON "indicator_values"
	REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "note_indicator_changes"();--> statement-breakpoint
-- a practice that appears, goes or changes type enters or leaves every funnel it has values in
CREATE FUNCTION "note_organisation_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "indicator_period_changes" AS c ("indicator_code", "period_start", "change")
		SELECT d."indicator_code", d."period_start", nextval('indicator_change_seq')
		  FROM (SELECT DISTINCT v."indicator_code", v."period_start" FROM "indicator_values" v
		         WHERE v."org_code" IN (SELECT n."code" FROM "changed_orgs" n)) d
		ON CONFLICT ("indicator_code", "period_start") DO UPDATE SET "change" = excluded."change";
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "note_organisation_type_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "indicator_period_changes" AS c ("indicator_code", "period_start", "change")
		SELECT d."indicator_code", d."period_start", nextval('indicator_change_seq')
		  FROM (SELECT DISTINCT v."indicator_code", v."period_start" FROM "indicator_values" v
		         WHERE v."org_code" IN (SELECT n."code" FROM "new_orgs" n JOIN "old_orgs" o ON o."code" = n."code"
		                                 WHERE n."type" IS DISTINCT FROM o."type")) d
		ON CONFLICT ("indicator_code", "period_start") DO UPDATE SET "change" = excluded."change";
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "organisations_changes_insert" AFTER INSERT ON "organisations"
	REFERENCING NEW TABLE AS "changed_orgs" FOR EACH STATEMENT EXECUTE FUNCTION "note_organisation_changes"();--> statement-breakpoint
CREATE TRIGGER "organisations_changes_delete" AFTER DELETE ON "organisations"
	REFERENCING OLD TABLE AS "changed_orgs" FOR EACH STATEMENT EXECUTE FUNCTION "note_organisation_changes"();--> statement-breakpoint
CREATE TRIGGER "organisations_changes_update" AFTER UPDATE ON "organisations"
	REFERENCING OLD TABLE AS "old_orgs" NEW TABLE AS "new_orgs" FOR EACH STATEMENT EXECUTE FUNCTION "note_organisation_type_changes"();--> statement-breakpoint
-- what a computation was computed from is now its change number; the md5 of its inputs is no longer kept
ALTER TABLE "variation_computations" ADD COLUMN "change" bigint;--> statement-breakpoint
ALTER TABLE "variation_computations" DROP COLUMN "inputs";
