/**
 * Population health through the product path, on both databases: a practice's SYNTHETIC list stored from its
 * published age/sex counts; a real-format extract loaded all-or-nothing (a bad file names every problem and writes
 * nothing; a re-run changes nothing; a newer extract keeps what the clinicians recorded); the proactive-care lists
 * as the practice's clinician receives them (right patients, right order, every view audited with its purpose); the
 * named GP and care plan recorded with their checks; and the practice aggregates, recounted here from the patient
 * rows, loaded as indicators.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { searchAudit } from '../../src/auth/audit.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { LoadRejected } from '../../src/ingest/errors.js';
import {
  generateForPractice,
  scorePatients,
  storeParsedExtract,
  SYSTEM,
} from '../../src/population/service.js';
import { readExtract } from '../../src/population/extract.js';
import { AGGREGATE_CODES, HIGH_RISK, publishAggregates } from '../../src/population/aggregates.js';
import { MODERATE_FROM } from '../../src/population/efi.js';
import { patientsOf } from '../../src/db/repos/population.js';
import { CARE_PLAN_CURRENT_MONTHS, carePlanCurrent, monthsEarlier } from '../../src/population/care-plan.js';
import { describeEachDatabase, tableCounts } from '../db/databases.js';
import { call, createRoleUser, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const PRACTICE = 'Z10001';
const AS_AT = '2024-03-31';
const dir = mkdtempSync(join(tmpdir(), 'lantern-population-'));
const HEADER =
  'extract_date,practice_code,patient_ref,sex,age,conditions,efi_deficits,emergency_admissions_12m,appointments_12m';

function extractFile(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join('\n') + '\n');
  return path;
}

describeEachDatabase('population health', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const keys = PatientKeys.random();
  let clinician: TestSession;
  let practiceUser: TestSession;

  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false, patientKeys: keys });
    await createRoleUser(db, 'practice_clinician');
    clinician = await signIn(app, 'practice_clinician@test.lantern.invalid', 'practice_clinician');
    await createRoleUser(db, 'practice_user');
    practiceUser = await signIn(app, 'practice_user@test.lantern.invalid', 'practice_user');
    await generateForPractice(db, keys, PRACTICE, { seed: 7, asAt: AS_AT });
    await scorePatients(db);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('the synthetic list has exactly the practice’s newest published count in each sex and age band, and a re-run changes nothing', async () => {
    const published = await db.query<{ sex: string; band: string; n: number }>(
      `SELECT sex, age_band AS band, patients::int AS n FROM populations
        WHERE org_code = $1 AND scheme = 'starpu9'
          AND date = (SELECT max(date) FROM populations WHERE org_code = $1 AND scheme = 'starpu9')`,
      [PRACTICE],
    );
    const patients = await patientsOf(db, PRACTICE);
    const bandOf = (age: number) => {
      const edges = [5, 15, 25, 35, 45, 55, 65, 75];
      const labels = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74'];
      const i = edges.findIndex((e) => age < e);
      return i < 0 ? '75+' : labels[i]!;
    };
    const counted = new Map<string, number>();
    for (const p of patients)
      counted.set(`${p.sex} ${bandOf(p.age)}`, (counted.get(`${p.sex} ${bandOf(p.age)}`) ?? 0) + 1);
    expect(published.length).toBe(18);
    for (const r of published) expect(counted.get(`${r.sex} ${r.band}`) ?? 0, `${r.sex} ${r.band}`).toBe(r.n);
    // stored as pseudonyms: the NHS number only encrypted (it decrypts to a synthetic 999 number), never in clear
    for (const p of patients.slice(0, 200)) {
      const nhs = keys.decrypt(p.nhsNumberEnc!);
      expect(nhs).toMatch(/^999\d{7}$/);
      expect(p.nhsNumberEnc).not.toContain(nhs);
      expect(p.patientRef).toMatch(/^[0-9a-f]{20}$/);
      expect(p.patientRef).not.toContain(nhs);
    }
    const again = await generateForPractice(db, keys, PRACTICE, { seed: 7, asAt: AS_AT });
    expect(again.unchanged).toBe(true);
    expect((await patientsOf(db, PRACTICE)).map((p) => p.id)).toEqual(patients.map((p) => p.id));
  });

  it('the over-75 list is every patient aged 75 and over, highest risk first; the high-risk list is the top 2% of adults', async () => {
    const all = await patientsOf(db, PRACTICE);
    const over75 = all.filter((p) => p.age >= 75).sort((a, b) => b.risk! - a.risk! || a.id - b.id);
    const r = await call(app, clinician, {
      method: 'GET',
      url: `/api/practices/${PRACTICE}/patients?list=over75&purpose=care_planning`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.total).toBe(over75.length);
    expect(body.extract.synthetic).toBe(true);
    expect(body.patients.map((p: { id: number }) => p.id)).toEqual(over75.slice(0, 50).map((p) => p.id));
    // the NHS number is shown to the clinician: a synthetic one in the 999 range
    expect(body.patients.every((p: { nhsNumber: string }) => /^999\d{7}$/.test(p.nhsNumber))).toBe(true);

    const adults = all.filter((p) => p.age >= 18);
    const top = [...adults]
      .sort((a, b) => b.risk! - a.risk! || a.id - b.id)
      .slice(0, Math.ceil(0.02 * adults.length));
    const hr = (
      await call(app, clinician, {
        method: 'GET',
        url: `/api/practices/${PRACTICE}/patients?list=high_risk&purpose=case_finding`,
      })
    ).json();
    expect(hr.total).toBe(top.length);
    expect(hr.patients.map((p: { id: number }) => p.id)).toEqual(top.slice(0, 50).map((p) => p.id));
    expect(hr.patients[0].risk).toBeGreaterThanOrEqual(hr.patients.at(-1).risk);
  });

  it('no purpose, no list; each view is audited with the purpose given; the practice user (not a clinician) gets nothing', async () => {
    const none = await call(app, clinician, { method: 'GET', url: `/api/practices/${PRACTICE}/patients` });
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toMatch(/purpose/);
    const before = (await searchAudit(db, { action: 'population.list_viewed', limit: 1000 })).length;
    await call(app, clinician, {
      method: 'GET',
      url: `/api/practices/${PRACTICE}/patients?list=over75&purpose=direct_care&page=2`,
    });
    const after = await searchAudit(db, { action: 'population.list_viewed', limit: 1000 });
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({
      actor: 'practice_clinician@test.lantern.invalid',
      target: `practice:${PRACTICE}`,
      details: { list: 'over75', purpose: 'direct_care', page: 2 },
    });
    const refused = await call(app, practiceUser, {
      method: 'GET',
      url: `/api/practices/${PRACTICE}/patients?list=over75&purpose=direct_care`,
    });
    expect(refused.statusCode).toBe(404);
    expect(Object.keys(refused.json()).sort()).toEqual([
      'detail',
      'instance',
      'requestId',
      'status',
      'title',
      'type',
    ]);
  });

  it('a named GP and a care plan are recorded with their history; bad input is refused and records nothing', async () => {
    const [p] = (await patientsOf(db, PRACTICE)).filter((x) => x.age >= 75);
    const url = `/api/practices/${PRACTICE}/patients/${p!.id}`;
    const post = (path: string, payload: object) =>
      call(app, clinician, { method: 'POST', url: `${url}/${path}`, payload });

    expect((await post('care-plan', { event: 'reviewed', date: '2024-02-01' })).statusCode).toBe(409);
    expect((await post('named-gp', { namedGp: 'GP 999 000 0018' })).statusCode).toBe(400);
    expect((await post('care-plan', { event: 'agreed', date: '2999-01-01' })).statusCode).toBe(400);
    expect(
      (await call(app, clinician, { method: 'GET', url: `${url}?purpose=direct_care` })).json().history,
    ).toEqual([]);

    expect((await post('named-gp', { namedGp: 'Named GP A' })).statusCode).toBe(201);
    expect((await post('care-plan', { event: 'agreed', date: '2024-01-10' })).statusCode).toBe(201);
    const early = await post('care-plan', { event: 'reviewed', date: '2024-01-09' });
    expect(early.statusCode).toBe(400);
    expect(early.json().detail).toMatch(/2024-01-10/);
    expect((await post('care-plan', { event: 'reviewed', date: '2024-03-01' })).statusCode).toBe(201);
    // a new plan cannot predate the current one (it would wipe the current plan's review)
    expect((await post('care-plan', { event: 'agreed', date: '2023-12-01' })).statusCode).toBe(400);

    const detail = (await call(app, clinician, { method: 'GET', url: `${url}?purpose=direct_care` })).json();
    expect(detail.patient).toMatchObject({
      namedGp: 'Named GP A',
      carePlan: { agreed: '2024-01-10', reviewed: '2024-03-01', current: true },
    });
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual([
      'named_gp',
      'care_plan_agreed',
      'care_plan_reviewed',
    ]);
    // the practice user of the same practice cannot record either
    const refused = await call(app, practiceUser, {
      method: 'POST',
      url: `${url}/named-gp`,
      payload: { namedGp: 'Named GP B' },
    });
    expect(refused.statusCode).toBe(404);
  });

  it('a patient is seen only under their own practice, and each view is audited with its purpose', async () => {
    const [other] = await db.query<{ id: number }>(
      `SELECT min(id)::int AS id FROM population_patients WHERE practice_code <> $1`,
      [PRACTICE],
    );
    // another practice's patient asked for under the clinician's own practice code: not found
    if (other?.id) {
      const r = await call(app, clinician, {
        method: 'GET',
        url: `/api/practices/${PRACTICE}/patients/${other.id}?purpose=direct_care`,
      });
      expect(r.statusCode).toBe(404);
    }
    const [mine] = (await patientsOf(db, PRACTICE)).slice(-1);
    const r = await call(app, clinician, {
      method: 'GET',
      url: `/api/practices/${PRACTICE}/patients/${mine!.id}?purpose=care_planning`,
    });
    expect(r.statusCode).toBe(200);
    const [entry] = await searchAudit(db, { action: 'population.patient_viewed', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'practice_clinician@test.lantern.invalid',
      target: `practice:${PRACTICE}/patient:${mine!.id}`,
      details: { purpose: 'care_planning' },
    });
  });

  it('a care plan is current for 12 months, the cut-off clamped to the month’s end exactly as the database does it', async () => {
    for (const day of ['2024-02-29', '2024-03-31', '2023-12-31', '2024-01-01', '2025-02-28', '2024-05-31']) {
      const [{ cut }] = await db.query<{ cut: string }>(
        `SELECT ($1::date - make_interval(months => $2))::date AS cut`,
        [day, CARE_PLAN_CURRENT_MONTHS],
      );
      expect(monthsEarlier(day, CARE_PLAN_CURRENT_MONTHS), day).toBe(cut);
    }
    expect(carePlanCurrent('2023-02-28', null, '2024-02-29')).toBe(false);
    expect(carePlanCurrent('2023-03-01', null, '2024-02-29')).toBe(true);
    expect(carePlanCurrent('2022-01-01', '2023-03-01', '2024-02-29')).toBe(true);
  });

  it('the practice aggregates are the counts of its patient rows, loaded as local indicators; the same counts load once', async () => {
    const load = await publishAggregates(db);
    expect(load?.loadId).not.toBeNull();
    const rows = await patientsOf(db, PRACTICE);
    const current = (p: (typeof rows)[number]) => {
      const latest = [p.carePlanAgreed, p.carePlanReviewed].filter(Boolean).sort().at(-1);
      return latest !== undefined && latest! > '2023-03-31';
    };
    const over75 = rows.filter((p) => p.age >= 75);
    const aged65 = rows.filter((p) => p.age >= 65);
    const adults = rows.filter((p) => p.age >= 18);
    const expected: Record<string, [number, number]> = {
      pop_over75_named_gp: [over75.filter((p) => p.namedGp !== null).length, over75.length],
      pop_over75_care_plan: [over75.filter(current).length, over75.length],
      pop_65plus_frailty_moderate_severe: [
        aged65.filter((p) => new Set(p.deficits).size >= MODERATE_FROM).length,
        aged65.length,
      ],
      pop_adults_high_admission_risk: [adults.filter((p) => p.risk! >= HIGH_RISK).length, adults.length],
    };
    const values = await db.query<{ code: string; numerator: number; denominator: number; start: string }>(
      `SELECT indicator_code AS code, numerator, denominator, period_start AS start FROM indicator_values
        WHERE org_code = $1 AND current AND indicator_code = ANY($2) ORDER BY 1`,
      [PRACTICE, AGGREGATE_CODES],
    );
    expect(values.map((v) => v.code).sort()).toEqual([...AGGREGATE_CODES].sort());
    for (const v of values) {
      expect([v.numerator, v.denominator], v.code).toEqual(expected[v.code]);
      expect(v.start).toBe('2024-03-01');
    }
    expect(expected.pop_over75_named_gp![0]).toBe(1); // the one recorded above
    expect(expected.pop_over75_care_plan![0]).toBe(1);
    expect(expected.pop_65plus_frailty_moderate_severe![0]).toBeGreaterThan(0);
    // the definitions say where the figures come from, and they are local (suppressed as local figures are)
    const [def] = await db.query<{ source: string; published: boolean }>(
      `SELECT source, published FROM indicators WHERE code = 'pop_over75_named_gp' ORDER BY version DESC LIMIT 1`,
    );
    expect(def).toEqual({ source: expect.stringMatching(/SYNTHETIC/), published: false });
    expect((await publishAggregates(db))?.alreadyLoadedAs).toBe(load!.loadId);
  });

  it('a real-format extract with problems names each by file, line and column and writes nothing', async () => {
    const before = { ...(await tableCounts(db)), patients: (await patientsOf(db, 'Z10002')).length };
    const bad = extractFile('bad.csv', [
      '2024-03-31,Z10002,ref-000001,female,82,HYP;AF,3;5,1,12',
      '2024-03-31,Z10002,ref-000002,woman,70,,,0,4',
      '2024-03-31,Z10002,9990000018,male,70,,,0,4',
      '2024-03-31,Z10002,ref-000004,male,70,XYZ,37,0,4',
      '2024-04-01,Z10002,ref-000005,male,200,,,x,4',
      '2024-03-31,Z10002,ref-000001,male,60,,,0,4',
      '2024-03-31,Z99999,ref-000006,male,60,,,0,4',
      '2024-03-31,Z10002,P-999 000 0018,male,60,,,0,4',
    ]);
    const error = await readExtract(db, bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadRejected);
    const message = (error as Error).message;
    for (const expected of [
      /bad\.csv line 3, column sex: expected male or female, got "woman"/,
      /bad\.csv line 4, column patient_ref: expected a pseudonym made at source, not one holding an NHS number/,
      /line 5, column conditions: expected QOF register codes/,
      /line 5, column efi_deficits: expected eFI deficit numbers from 1 to 36/,
      /line 6, column extract_date: expected the same extract date on every row \(2024-03-31/,
      /line 6, column age: expected a whole number from 0 to 120, got "200"/,
      /line 6, column emergency_admissions_12m: expected a whole number/,
      /line 7, column patient_ref: expected each patient once per practice, but line 2 has the same pseudonym, got "\(withheld\)"/,
      /line 9, column patient_ref: expected a pseudonym made at source, not one holding an NHS number, got "\(withheld\)"/,
      /column practice_code: expected a practice Lantern knows.*got "Z99999"/,
      /Nothing was loaded from bad\.csv/,
    ])
      expect(message).toMatch(expected);
    // neither an NHS number nor a pseudonym is repeated in the message
    expect(message).not.toMatch(/9990000018|999 000 0018|ref-000001/);
    // a column beyond the format, or an extract dated in the future, is refused too
    const extra = extractFile('extra.csv', []);
    writeFileSync(extra, `${HEADER},nhs_number\n2024-03-31,Z10002,ref-000001,female,82,,,0,1,9990000018\n`);
    await expect(readExtract(db, extra)).rejects.toThrow(
      /extra\.csv line 1, column nhs_number: expected only the columns/,
    );
    const future = extractFile('future.csv', ['2099-01-01,Z10002,ref-000001,female,82,,,0,1']);
    await expect(readExtract(db, future)).rejects.toThrow(
      /line 2, column extract_date: expected the date the extract was taken, not one in the future/,
    );
    expect({ ...(await tableCounts(db)), patients: (await patientsOf(db, 'Z10002')).length }).toEqual(before);
  });

  it('a good extract loads; the same file again changes nothing; a newer one keeps what was recorded and removes who left', async () => {
    const first = extractFile('extract-1.csv', [
      '2024-03-31,Z10002,ref-000001,female,82,HYP;AF,3;5;12;19;20;21;22;23;24,1,12',
      '2024-03-31,Z10002,ref-000002,male,77,,,0,4',
      '2024-03-31,Z10002,ref-000003,female,45,DM,,0,2',
    ]);
    const loaded = await storeParsedExtract(db, await readExtract(db, first), SYSTEM);
    expect(loaded).toMatchObject([{ practice: 'Z10002', patients: 3, inserted: 3, unchanged: false }]);
    const again = await storeParsedExtract(db, await readExtract(db, first), SYSTEM);
    expect(again).toMatchObject([{ practice: 'Z10002', unchanged: true }]);

    const [kept] = (await patientsOf(db, 'Z10002')).filter((p) => p.patientRef === 'ref-000001');
    const u = await createLocalUser(db, {
      email: 'clinician-2@test.lantern.invalid',
      password: TEST_PASSWORD,
    });
    await addGrant(db, u.id, 'practice_clinician', 'Z10002');
    const other = await signIn(app, 'clinician-2@test.lantern.invalid', 'practice_clinician');
    const named = await call(app, other, {
      method: 'POST',
      url: `/api/practices/Z10002/patients/${kept!.id}/named-gp`,
      payload: { namedGp: 'Named GP C' },
    });
    expect(named.statusCode, named.body).toBe(201);

    const second = extractFile('extract-2.csv', [
      '2024-06-30,Z10002,ref-000001,female,83,HYP;AF;CKD,3;5;12;19;20;21;22;23;24,2,15',
      '2024-06-30,Z10002,ref-000003,female,45,DM,,0,2',
      '2024-06-30,Z10002,ref-000004,male,30,,,0,1',
    ]);
    expect(await storeParsedExtract(db, await readExtract(db, second), SYSTEM)).toMatchObject([
      { practice: 'Z10002', patients: 3, inserted: 1, updated: 2, removed: 1 },
    ]);
    const after = await patientsOf(db, 'Z10002');
    expect(after.map((p) => p.patientRef).sort()).toEqual(['ref-000001', 'ref-000003', 'ref-000004']);
    const same = after.find((p) => p.patientRef === 'ref-000001')!;
    expect(same).toMatchObject({
      id: kept!.id,
      age: 83,
      namedGp: 'Named GP C',
      conditions: ['AF', 'CKD', 'HYP'],
    });
    // real extracts carry no outcome and no NHS number
    expect(after.every((p) => p.admittedNext === null && p.nhsNumberEnc === null)).toBe(true);
    // an older extract than the one loaded is refused: it would drop the patients who joined since
    await expect(storeParsedExtract(db, await readExtract(db, first), SYSTEM)).rejects.toThrow(
      /Z10002: this extract of 2024-03-31 is older than the one loaded \(2024-06-30\); nothing was loaded/,
    );
    expect((await patientsOf(db, 'Z10002')).map((p) => p.patientRef).sort()).toEqual([
      'ref-000001',
      'ref-000003',
      'ref-000004',
    ]);
  });
});
