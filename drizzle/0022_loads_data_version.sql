-- The loads table moves the data version too: the store's counts (every page's footer) count loads, and a load
-- whose rows were all loaded before writes no value, yet is a load. Answers cached on the version (src/db/store-cache.ts)
-- then follow every load in any process.
CREATE TRIGGER "loads_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "loads"
	FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
