/**
 * Providers as GPs and commissioners see them: signals from concerns, the scorecard, surveillance status, deadline
 * settings and serious incidents. Counts of concerns are seen as providers/visibility.ts says.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { today } from '../../domain/clock.js';
import { allow, paramOrg } from '../../api/access.js';
import { route } from '../../api/route.js';
import { OrgCode } from '../../api/params.js';
import { requireOrganisation } from '../../organisations/lookup.js';
import { listIncidents } from '../../concerns/incidents.js';
import { providerSettings, saveProviderSettings } from '../../concerns/settings.js';
import {
  currentByArea,
  setSurveillance,
  surveillanceHistory,
  SURVEILLANCE_LEVELS,
} from '../../concerns/surveillance.js';
import { patternsFor } from '../../concerns/signals.js';
import { aeSeries, snapshotMeasures } from '../../concerns/scorecard.js';
import { providerVoice } from '../../patient-voice/visibility.js';
import { countViewOf, openableIds, patternsView, summaryFor } from '../visibility.js';
import { areaFor } from '../commissioning-area.js';
import { incidentAreas, incidentView } from '../../incidents/view.js';
import { incidentList } from '../../incidents/contract.js';
import {
  AreaQuery,
  providerScorecard,
  providerSignals,
  SignalsQuery,
  providerSettings as settingsAnswer,
  ProviderSettingsBody,
  SurveillanceBody,
  surveillanceHistory as historyAnswer,
} from '../contract.js';

export function providerOversightRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/signals',
    summary:
      'Signals of rising or clustered concerns about a provider (u-chart, CUSUM, clusters), each linked to its concerns',
    tags: ['providers'],
    // a provider's own users see their trust only (404 for another: its existence is not confirmed)
    access: allow('providers.signals', paramOrg(), true),
    params: OrgCode,
    query: SignalsQuery,
    responses: { 200: providerSignals },
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const view = await countViewOf(viewer);
      const patterns = await patternsFor(db, [org.code], query.months, view.practices);
      return {
        provider: { code: org.code, name: org.name },
        asOf: today(),
        ...patternsView(view, await openableIds(db, viewer, patterns), patterns[0]),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/scorecard',
    summary:
      'A provider’s scorecard: public performance, concern rates and breaches, incidents and surveillance status',
    tags: ['providers'],
    access: { kind: 'public' },
    params: OrgCode,
    responses: { 200: providerScorecard },
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const signedIn = viewer.permissions.signedIn;
      const history = await surveillanceHistory(db, org.code);
      const byArea = currentByArea(history);
      // the most serious current status of any area, with every area's own beside it
      const current = byArea[0] ?? null;
      const seesIncidents = await viewer.can('providers.incidents', { org: org.code });
      return {
        provider: { code: org.code, name: org.name, type: org.type },
        ae: await aeSeries(db, org.code),
        snapshot: await snapshotMeasures(db, org.code),
        concerns: signedIn ? await summaryFor(db, await countViewOf(viewer), org.code) : null,
        patientVoice: await providerVoice(db, viewer, org.code),
        incidents: seesIncidents
          ? (await listIncidents(db, org.code, await incidentAreas(viewer))).map(incidentView)
          : null,
        surveillance: {
          current,
          level: current?.level ?? 'routine',
          label: SURVEILLANCE_LEVELS[current?.level ?? 'routine'],
          byArea: byArea.map((h) => ({ ...h, label: SURVEILLANCE_LEVELS[h.level] })),
          history,
        },
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/providers/:code/surveillance',
    summary:
      'Change a provider’s surveillance status (routine, enhanced surveillance, risk summit) with the rationale',
    tags: ['providers'],
    access: allow('providers.surveillance'),
    params: OrgCode,
    body: SurveillanceBody,
    responses: { 200: historyAnswer },
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.surveillance', body.area);
      await viewer.audited(
        request.ip,
        {
          action: 'providers.surveillance',
          target: org.code,
          outcome: 'success',
          details: { ...body, area },
        },
        (tx) => setSurveillance(tx, org.code, area, body, viewer.actor.email),
      );
      return { history: await surveillanceHistory(db, org.code) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/settings',
    summary: 'A provider’s concern deadlines (working days) and serious-incident regime',
    tags: ['providers'],
    access: allow('providers.settings.read'),
    params: OrgCode,
    query: AreaQuery,
    responses: { 200: settingsAnswer },
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.settings.read', query.area);
      return { provider: org.code, area, ...(await providerSettings(db, org.code, area)) };
    },
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/providers/:code/settings',
    summary: 'Set a provider’s concern deadlines and serious-incident regime',
    tags: ['providers'],
    access: allow('providers.settings.write'),
    params: OrgCode,
    body: ProviderSettingsBody,
    responses: { 200: settingsAnswer },
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      const area = await areaFor(viewer, 'providers.settings.write', body.area);
      await viewer.audited(
        request.ip,
        { action: 'providers.settings', target: org.code, outcome: 'success', details: { ...body, area } },
        (tx) => saveProviderSettings(tx, org.code, area, body, viewer.actor.email),
      );
      return { provider: org.code, area, ...(await providerSettings(db, org.code, area)) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/incidents',
    summary: 'Serious incidents and patient-safety incident responses at a provider, with their deadlines',
    tags: ['providers'],
    access: allow('providers.incidents', paramOrg(), true),
    params: OrgCode,
    responses: { 200: incidentList },
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const incidents = await listIncidents(db, org.code, await incidentAreas(viewer));
      return { incidents: incidents.map(incidentView) };
    },
  });
}
