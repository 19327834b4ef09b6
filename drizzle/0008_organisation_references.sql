ALTER TABLE "organisation_links" DROP CONSTRAINT "organisation_links_child_code_organisations_code_fk";
--> statement-breakpoint
ALTER TABLE "organisation_links" DROP CONSTRAINT "organisation_links_parent_code_organisations_code_fk";
--> statement-breakpoint
ALTER TABLE "organisation_links" DROP CONSTRAINT "organisation_links_load_id_loads_id_fk";
--> statement-breakpoint
ALTER TABLE "organisations" DROP CONSTRAINT "organisations_load_id_loads_id_fk";
--> statement-breakpoint
-- Child and parent of every link must be organisations. Checked once per statement over the rows it wrote (a join),
-- instead of the per-row foreign keys above, which cost three quarters of the time of writing a large file's links.
CREATE FUNCTION organisation_links_known() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing text;
BEGIN
  SELECT c.code INTO missing
    FROM (SELECT child_code AS code FROM new_links UNION SELECT parent_code FROM new_links) c
   WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.code = c.code)
   LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'organisation_links refers to %, which is not an organisation', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER organisation_links_known_insert AFTER INSERT ON "organisation_links" REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION organisation_links_known();--> statement-breakpoint
CREATE TRIGGER organisation_links_known_update AFTER UPDATE ON "organisation_links" REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION organisation_links_known();--> statement-breakpoint
-- The other half of the reference: an organisation a link names is not deleted or re-coded.
CREATE FUNCTION organisations_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM organisation_links WHERE child_code = OLD.code)
     OR EXISTS (SELECT 1 FROM organisation_links WHERE parent_code = OLD.code) THEN
    RAISE EXCEPTION 'organisation % is named by organisation_links', OLD.code USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER organisations_referenced_delete BEFORE DELETE ON "organisations" FOR EACH ROW EXECUTE FUNCTION organisations_referenced();--> statement-breakpoint
CREATE TRIGGER organisations_referenced_recode BEFORE UPDATE OF code ON "organisations" FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION organisations_referenced();
