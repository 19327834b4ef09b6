-- The date of the latest register (ODS eccg for CCGs) that listed each organisation: a CCG an earlier register
-- listed and a later one leaves out had closed by then, though no file gives its close date (South Manchester CCG,
-- 01N, is in the January 2016 eccg and not in the November 2018 one). src/db/repos/register-closures.ts reads it.
-- A store loaded before this migration has it empty until a register is loaded again.
ALTER TABLE "organisations" ADD COLUMN "last_listed" date;
