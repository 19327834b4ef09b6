/**
 * Proactive care: a practice's own clinicians see its patients aged 75 and over and its highest-risk adults, and
 * record a named accountable GP and care plans. Nobody else receives a patient row (src/auth/policy.ts: the
 * `population.*` actions are the practice clinician's alone); every list and patient view is audited with the
 * purpose the clinician gave. Commissioners see the practice aggregates only, as indicators (population/aggregates.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { PatientKeys } from '../../concerns/nhs-number.js';
import {
  careHistory,
  currentRiskModel,
  extractOf,
  frailtyBandCounts,
  HIGH_RISK_SHARE,
  listPatients,
  patientById,
  patientForUpdate,
  recordCare,
  type PatientRow,
} from '../../db/repos/population.js';
import { QOF_GROUPS } from '../../domain/indicators.js';
import { today } from '../../domain/clock.js';
import { BAND_FROM, EFI_DEFICITS, efiScore, frailtyBand } from '../../population/efi.js';
import { carePlanCurrent } from '../../population/care-plan.js';
import { allow, paramOrg } from '../../api/access.js';
import { badRequest, conflict, notFound } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requirePractice } from '../../organisations/lookup.js';
import {
  carePlanRecorded,
  namedGpRecorded,
  patientList,
  patientRecord,
  CarePlanBody,
  NamedGpBody,
  PatientListQuery,
  PatientParams,
  PatientQuery,
} from '../../population/contract.js';

const PAGE_SIZE = 50;

export function practicePatientRoutes(app: FastifyInstance, db: Database, keys: PatientKeys): void {
  const view = (p: PatientRow, asAt: string) => {
    return {
      id: p.id,
      nhsNumber: p.nhsNumberEnc ? keys.decrypt(p.nhsNumberEnc) : null,
      patientRef: p.patientRef,
      age: p.age,
      sex: p.sex,
      conditions: p.conditions,
      frailty: {
        deficits: p.deficits.length,
        score: efiScore(p.deficits),
        band: frailtyBand(p.deficits.length),
      },
      risk: p.risk,
      namedGp: p.namedGp,
      carePlan: {
        agreed: p.carePlanAgreed,
        reviewed: p.carePlanReviewed,
        current: carePlanCurrent(p.carePlanAgreed, p.carePlanReviewed, asAt),
      },
    };
  };

  const audit = (
    viewer: Parameters<Parameters<typeof route>[2]['handler']>[0]['viewer'],
    ip: string,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) => viewer.audit(db, { action, target, outcome: 'success', details }, ip);

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/patients',
    summary:
      'The practice’s patients aged 75 and over, or its highest-risk adults (the top 2% by predicted emergency-admission risk), with frailty, risk, named GP and care plan: for the practice’s own clinicians, each view audited with its purpose',
    tags: ['population'],
    access: allow('population.patients', paramOrg(), true),
    params: OrgCode,
    query: PatientListQuery,
    responses: { 200: patientList },
    handler: async ({ params, query, viewer, request }) => {
      const org = await requirePractice(db, params.code, 'patient lists are for practices');
      const extract = await extractOf(db, org.code);
      const model = await currentRiskModel(db);
      const base = {
        practice: { code: org.code, name: org.name },
        list: query.list,
        purpose: query.purpose,
        highRiskShare: HIGH_RISK_SHARE,
        model: model ? { version: model.version, source: model.source, auc: model.auc, n: model.n } : null,
        page: query.page,
        pageSize: PAGE_SIZE,
      };
      await audit(viewer, request.ip, 'population.list_viewed', `practice:${org.code}`, {
        list: query.list,
        purpose: query.purpose,
        page: query.page,
      });
      if (!extract) return { ...base, extract: null, summary: null, total: 0, patients: [] };
      const { total, patients } = await listPatients(db, org.code, query.list, query.page, PAGE_SIZE);
      return {
        ...base,
        extract: {
          synthetic: extract.synthetic,
          asAt: extract.asAt,
          source: extract.source,
          patients: extract.patients,
        },
        summary: await frailtyBandCounts(db, org.code, BAND_FROM),
        total,
        patients: patients.map((p) => view(p, extract.asAt)),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/practices/:code/patients/:id',
    summary:
      'One of the practice’s patients: conditions, eFI deficits, predicted risk, named GP, care plan and what was recorded, for the practice’s own clinicians (audited with its purpose)',
    tags: ['population'],
    access: allow('population.patients', paramOrg(), true),
    params: PatientParams,
    query: PatientQuery,
    responses: { 200: patientRecord },
    handler: async ({ params, query, viewer, request }) => {
      const org = await requirePractice(db, params.code, 'patient lists are for practices');
      const extract = await extractOf(db, org.code);
      const p = extract ? await patientById(db, org.code, params.id) : null;
      if (!extract || !p) throw notFound(`No patient ${params.id} at ${org.code}.`);
      await audit(viewer, request.ip, 'population.patient_viewed', `practice:${org.code}/patient:${p.id}`, {
        purpose: query.purpose,
      });
      const names = new Map(EFI_DEFICITS.map((d) => [d.id, d.name]));
      return {
        practice: { code: org.code, name: org.name },
        synthetic: extract.synthetic,
        asAt: extract.asAt,
        patient: {
          ...view(p, extract.asAt),
          admissionsPrior: p.admissionsPrior,
          appointmentsPrior: p.appointmentsPrior,
          conditionNames: p.conditions.map((c) => QOF_GROUPS[c] ?? c),
          deficitNames: p.deficits.map((d) => names.get(d) ?? `deficit ${d}`),
        },
        history: await careHistory(db, p.id),
      };
    },
  });

  const requirePatient = async (code: string, id: number) => {
    const org = await requirePractice(db, code, 'patient lists are for practices');
    const p = await patientById(db, org.code, id);
    if (!p) throw notFound(`No patient ${id} at ${org.code}.`);
    return { org, p };
  };

  route(app, db, {
    method: 'POST',
    url: '/api/practices/:code/patients/:id/named-gp',
    summary: 'Record the patient’s named accountable GP (as the practice knows them; no NHS numbers)',
    tags: ['population'],
    access: allow('population.care', paramOrg(), true),
    params: PatientParams,
    body: NamedGpBody,
    responses: { 201: namedGpRecorded },
    handler: async ({ params, body, viewer, request, reply }) => {
      const { org, p } = await requirePatient(params.code, params.id);
      await viewer.audited(
        request.ip,
        { action: 'population.named_gp', target: `practice:${org.code}/patient:${p.id}`, outcome: 'success' },
        (tx) =>
          recordCare(
            tx,
            org.code,
            p.id,
            { kind: 'named_gp', value: body.namedGp, onDate: today() },
            viewer.actor,
          ),
      );
      reply.code(201);
      return { id: p.id, namedGp: body.namedGp };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/practices/:code/patients/:id/care-plan',
    summary:
      'Record that the patient’s care plan was agreed, or reviewed, on a date (not in the future; a review follows an agreed plan)',
    tags: ['population'],
    access: allow('population.care', paramOrg(), true),
    params: PatientParams,
    body: CarePlanBody,
    responses: { 201: carePlanRecorded },
    handler: async ({ params, body, viewer, request, reply }) => {
      const { org, p: seen } = await requirePatient(params.code, params.id);
      if (body.date > today())
        throw badRequest(`date ${body.date} is in the future`, [
          { in: 'body', name: 'date', message: 'must not be in the future' },
        ]);
      const kind = body.event === 'agreed' ? 'care_plan_agreed' : 'care_plan_reviewed';
      // checked against the patient as the transaction reads it, so two clinicians at once cannot interleave
      await viewer.audited(
        request.ip,
        {
          action: `population.${kind}`,
          target: `practice:${org.code}/patient:${seen.id}`,
          outcome: 'success',
          details: { date: body.date },
        },
        async (tx) => {
          const p = (await patientForUpdate(tx, org.code, seen.id))!;
          const agreed = p.carePlanAgreed;
          if (body.event === 'reviewed' && !agreed)
            throw conflict('There is no agreed care plan to review: record its agreement first.');
          if (body.event === 'reviewed' && body.date < agreed!)
            throw badRequest(`a review on ${body.date} cannot come before the plan agreed on ${agreed}`, [
              { in: 'body', name: 'date', message: `must be on or after ${agreed}` },
            ]);
          // a new plan replaces the current one (and its review), so it cannot predate it
          if (body.event === 'agreed' && agreed && body.date < agreed)
            throw badRequest(
              `a new plan agreed on ${body.date} cannot come before the current one of ${agreed}`,
              [{ in: 'body', name: 'date', message: `must be on or after ${agreed}` }],
            );
          await recordCare(tx, org.code, p.id, { kind, value: null, onDate: body.date }, viewer.actor);
        },
      );
      reply.code(201);
      return { id: seen.id, event: body.event, date: body.date };
    },
  });
}
