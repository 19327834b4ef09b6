// Reads Vitest's JSON report: fails unless the PostgreSQL and browser suites really ran and passed,
// and prints the plain "N passed, N failed" closing line.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tests = report.testResults.flatMap((f) => f.assertionResults.map((a) => ({ ...a, file: f.name })));
const passed = tests.filter((t) => t.status === 'passed').length;
const failed = tests.filter((t) => t.status === 'failed').length;
const skipped = tests.length - passed - failed;
const postgres = tests.filter((t) => t.fullName.includes('[postgres]'));
const browser = tests.filter((t) => t.file.includes('/test/e2e/'));
const problems = [];
if (postgres.length === 0 || postgres.some((t) => t.status !== 'passed'))
  problems.push(
    `PostgreSQL suite: ${postgres.filter((t) => t.status === 'passed').length} of ${postgres.length} passed`,
  );
if (browser.length === 0 || browser.some((t) => t.status !== 'passed'))
  problems.push(
    `browser suite: ${browser.filter((t) => t.status === 'passed').length} of ${browser.length} passed`,
  );
console.log(
  `PostgreSQL tests passed: ${postgres.filter((t) => t.status === 'passed').length}; browser tests passed: ${browser.filter((t) => t.status === 'passed').length}`,
);
for (const p of problems) console.error(`suite check failed: ${p}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(problems.length || failed ? 1 : 0);
