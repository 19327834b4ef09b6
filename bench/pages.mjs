/* global fetch, performance */
// Page latency of a running Lantern: many clients asking the API behind each variation page at once, p50/p95 per
// page (the same answers for every client, as when many people open the same pages). Run against `npm start` (demo mode, the sample data): `node bench/pages.mjs [http://localhost:3000]`.
// LANTERN_BENCH_CLIENTS (default 50) clients at once, LANTERN_BENCH_REQUESTS (default 200) requests per page.
// The first request of each page is timed apart: the cold answer, before anything is cached.
const base = process.argv[2] ?? 'http://localhost:3000';
const clients = Number(process.env.LANTERN_BENCH_CLIENTS ?? 50);
const requests = Number(process.env.LANTERN_BENCH_REQUESTS ?? 200);
const email = process.env.LANTERN_BENCH_EMAIL ?? 'lead@demo.lantern.invalid';
const password = process.env.LANTERN_BENCH_PASSWORD ?? 'demo-only lantern quality watch';

async function json(path, init) {
  const r = await fetch(`${base}${path}`, init);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  return { body: await r.json(), headers: r.headers };
}

// a commissioner lead of the demo ICB: tiers are theirs to see
const login = await json('/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const session = await json('/api/auth/session', { headers: { cookie } });
const icb =
  process.env.LANTERN_BENCH_ICB ?? session.body.grants.find((g) => g.role === 'commissioner_lead').orgCode;
const rules = await json('/api/tiers/rules', { headers: { cookie } });
const indicator = process.env.LANTERN_BENCH_INDICATOR ?? rules.body.rules.indicators[0];
const tiers = await json(`/api/tiers?area=${icb}`, { headers: { cookie } });
const tiered = tiers.body.practices.find((p) => p.tier);
const practice = process.env.LANTERN_BENCH_PRACTICE ?? tiered.code;

const TABLE = 'sort=z_adjusted&order=desc&limit=300';
const pages = [
  // the funnel page's two answers: every practice as a point, and the summary with its table's first 300 rows
  ['England funnel: points', `/api/indicators/${indicator}/funnel/points`],
  ['England funnel: summary and table', `/api/indicators/${indicator}/funnel?${TABLE}`],
  ['England funnel: every row (API)', `/api/indicators/${indicator}/funnel`],
  [`ICB funnel (${icb}): points`, `/api/indicators/${indicator}/funnel/points?area=${icb}`],
  [`ICB funnel (${icb}): summary and table`, `/api/indicators/${indicator}/funnel?area=${icb}&${TABLE}`],
  // the practice's page: its indicators' list, then each chart's series as it nears the screen
  [`practice indicators (${practice}): list`, `/api/organisations/${practice}/indicator-list`],
  [
    `practice indicators: one chart's series`,
    `/api/organisations/${practice}/indicators?indicator=${indicator}`,
  ],
  ['practice indicators: every figure (API)', `/api/organisations/${practice}/indicators`],
  ['practice spine', `/api/practices/${practice}/spine`],
  ['practice tier', `/api/practices/${practice}/tier`],
  [`ICB tiers (${icb})`, `/api/tiers?area=${icb}`],
  // the overview of one sub-ICB (the exports are rate-limited, so the page's own call is what is timed)
  [`sub-ICB overview (${tiered.ccg})`, `/api/tiers?area=${tiered.ccg}`],
];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x) => `${x.toFixed(0)} ms`;

console.log(
  `${base}: ${clients} clients, ${requests} requests per page, indicator ${indicator}, practice ${practice}, ICB ${icb}`,
);
console.log('| page | cold (first request) | p50 | p95 | requests/s |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, path] of pages) {
  const ask = async () => {
    const t = performance.now();
    const r = await fetch(`${base}${path}`, { headers: { cookie } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return performance.now() - t;
  };
  const cold = await ask();
  const times = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        next++;
        times.push(await ask());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `| ${name} | ${ms(cold)} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.95))} | ${(times.length / seconds).toFixed(1)} |`,
  );
}
