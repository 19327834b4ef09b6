-- The data version at which alerts were last raised in full: raising them again at the same version finds nothing new
-- (alerts are a function of results, tiers and rules, all of which move the version), so it is skipped.
CREATE TABLE "alert_runs" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"data_version" bigint NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_runs_one_row" CHECK ("id" = 1)
);
