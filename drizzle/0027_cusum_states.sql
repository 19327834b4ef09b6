-- National scale (issue 17): each indicator's CUSUM sums as the alerts last ran them, so that `lantern compute`
-- after a new month reads that month's counts, not every practice's whole series of every indicator again (at
-- 6,500 practices × 20 indicators × 120 months, 39 of the 49 s of the run). Derived, not data: writing here does
-- not move the data version, and a row deleted only makes the next run read that indicator's series in full.
CREATE TABLE "cusum_states" (
	"indicator_code" text PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"period_starts" text[] NOT NULL,
	"changes" text[] NOT NULL,
	"practices" text[] NOT NULL,
	"points" integer[] NOT NULL,
	"last_starts" text[] NOT NULL,
	"carry_high" double precision[] NOT NULL,
	"carry_low" double precision[] NOT NULL,
	"last_upper" double precision[] NOT NULL,
	"last_lower" double precision[] NOT NULL,
	"last_signals" text[] NOT NULL
);
