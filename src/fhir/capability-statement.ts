/** The CapabilityStatement served at /fhir/metadata: what this server does, and nothing it does not. */
import type { z } from 'zod';
import type { capabilityStatement as schema } from './contract.js';
import { LANTERN_FHIR_BASE } from './systems.js';

export function capabilityStatement(date: string): z.input<typeof schema> {
  return {
    resourceType: 'CapabilityStatement',
    url: `${LANTERN_FHIR_BASE}/CapabilityStatement/lantern`,
    name: 'LanternFhirServer',
    title: 'Lantern FHIR R4 server',
    status: 'active',
    date,
    publisher: 'Lantern',
    description:
      'Organisations (ODS), indicator definitions as Measures, and indicator figures as MeasureReports, with the funnel reading in documented extensions; MeasureReports of local indicators can be loaded. See docs/fhir.md.',
    kind: 'instance',
    software: { name: 'Lantern' },
    implementation: { description: 'Lantern: quality surveillance of GP practices and providers' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Published figures are open to everyone; local figures are shown suppressed outside the viewer’s grants. Errors are OperationOutcomes.',
        resource: [
          {
            type: 'Organization',
            interaction: [
              {
                code: 'read',
                documentation:
                  'GET /fhir/Organization/{ods}?date=YYYY-MM-DD: partOf and active as at the date (default today)',
              },
            ],
          },
          {
            type: 'Measure',
            interaction: [{ code: 'read', documentation: 'GET /fhir/Measure/{indicator}' }],
          },
          {
            type: 'MeasureReport',
            interaction: [
              {
                code: 'search-type',
                documentation: 'GET /fhir/MeasureReport?subject=…&measure=…[&period=…]',
              },
              {
                code: 'create',
                documentation:
                  'POST /fhir/MeasureReport with a MeasureReport, or a Bundle (batch, transaction or collection) of them: loads local indicator values all-or-nothing, as the generic indicator CSV does',
              },
            ],
            searchParam: [
              {
                name: 'subject',
                type: 'reference',
                documentation: 'Organization/{ods} (a practice: individual reports; a CCG or ICB: a summary)',
              },
              {
                name: 'measure',
                type: 'reference',
                documentation: 'Measure/{indicator}, or the Measure’s url',
              },
              {
                name: 'period',
                type: 'date',
                documentation: 'YYYY-MM or YYYY-MM-DD (optionally eq…): reports whose period starts then',
              },
              {
                name: 'practices',
                type: 'token',
                documentation:
                  'true: with an area subject, its practices’ individual reports too (search mode include)',
              },
            ],
          },
        ],
      },
    ],
  };
}
