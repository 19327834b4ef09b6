-- Provider settings, surveillance status and incidents belong to a commissioning area: a provider serves several,
-- and one area's decisions must not apply to another's concerns. '' marks rows made before this migration.
ALTER TABLE "incidents" ADD COLUMN "area_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_settings" ADD COLUMN "area_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_surveillance" ADD COLUMN "area_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_settings" DROP CONSTRAINT "provider_settings_pkey";--> statement-breakpoint
ALTER TABLE "provider_settings" ADD CONSTRAINT "provider_settings_provider_code_area_code_pk" PRIMARY KEY("provider_code","area_code");
