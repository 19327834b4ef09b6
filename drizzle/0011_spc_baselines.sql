-- Recalculation points ("rebasing") of a practice's SPC chart of one indicator, each with the reason and who set it.
CREATE TABLE "spc_baselines" (
	"practice_code" text NOT NULL,
	"indicator_code" text NOT NULL,
	"from_period" date NOT NULL,
	"reason" text NOT NULL,
	"set_by" text NOT NULL,
	"set_by_user_id" integer,
	"role" text,
	"set_at" timestamp with time zone NOT NULL,
	CONSTRAINT "spc_baselines_practice_code_indicator_code_from_period_pk" PRIMARY KEY("practice_code","indicator_code","from_period")
);
