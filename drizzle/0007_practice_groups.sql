CREATE TABLE "practice_group_members" (
	"group_id" integer NOT NULL,
	"practice_code" text NOT NULL,
	CONSTRAINT "practice_group_members_group_id_practice_code_pk" PRIMARY KEY("group_id","practice_code")
);
--> statement-breakpoint
CREATE TABLE "practice_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area_code" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practice_group_members" ADD CONSTRAINT "practice_group_members_group_id_practice_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."practice_groups"("id") ON DELETE no action ON UPDATE no action;