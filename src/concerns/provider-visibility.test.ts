/** What each party sees of a concern: the provider never learns who reported it unless the reporter agreed. */
import { describe, expect, it } from 'vitest';
import { concernView, eventView, historyView } from './provider-visibility.js';
import type { ConcernEvent, ConcernRow } from './concerns.js';

const concern = (c: Partial<ConcernRow> = {}): ConcernRow => ({
  id: 7,
  status: 'with_provider',
  submittedOn: '2026-01-05',
  acknowledgedOn: '2026-01-06',
  triagedOn: '2026-01-07',
  sentToProviderOn: '2026-01-08',
  providerRespondedOn: null,
  reviewedOn: null,
  providerCode: 'RXX',
  providerName: 'A hospital trust',
  siteCode: null,
  service: '101',
  categoryId: 'discharge_summary',
  categoryLabel: 'Discharge summary',
  parentCategoryId: 'communication',
  parentCategoryLabel: 'Communication',
  harm: 'low',
  description: 'The discharge summary arrived after two weeks.',
  eventDate: '2026-01-02',
  contractStandard: 'discharge_summary_24h',
  nationalReference: null,
  urgent: false,
  nhsNumberLink: 'link',
  nhsNumberSealed: 'sealed',
  practiceCode: 'Z10001',
  practiceName: 'A practice',
  reporterUserId: 3,
  reporter: 'reporter@example.test',
  shareReporter: false,
  duplicateOf: null,
  outcome: null,
  incidentId: 12,
  synthetic: true,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-08T09:00:00.000Z',
  ...c,
});

const event = (e: Partial<ConcernEvent> = {}): ConcernEvent => ({
  id: 1,
  at: '2026-01-05T09:00:00.000Z',
  kind: 'transition',
  fromState: 'draft',
  toState: 'submitted',
  actor: 'reporter@example.test',
  role: 'practice_user',
  party: 'practice',
  reason: 'Submitted',
  visibility: 'shared',
  details: { note: 'x' },
  ...e,
});

describe('concern as each party sees it', () => {
  it('hides the reporter, the practice, the NHS number and the incident from the provider', () => {
    const v = concernView(concern(), 'provider');
    expect([v.practice, v.reporter, v.reporterHidden, v.incidentId]).toEqual([null, null, true, null]);
    expect(v.hasNhsNumber).toBeUndefined();
  });

  it('names the reporter and practice to the provider when the reporter agreed', () => {
    const v = concernView(concern({ shareReporter: true }), 'provider');
    expect([v.practice, v.reporter, v.reporterHidden]).toEqual([
      { code: 'Z10001', name: 'A practice' },
      'reporter@example.test',
      false,
    ]);
    expect(v.hasNhsNumber).toBeUndefined();
  });

  it('shows the commissioner and the practice everything', () => {
    for (const party of ['commissioner', 'practice'] as const) {
      const v = concernView(concern(), party);
      expect([v.reporter, v.reporterHidden, v.hasNhsNumber, v.incidentId]).toEqual([
        'reporter@example.test',
        false,
        true,
        12,
      ]);
    }
    expect(concernView(concern({ nhsNumberSealed: null }), 'commissioner').hasNhsNumber).toBe(false);
  });
});

describe('history as each party sees it', () => {
  it('does not name the practice’s people to the provider, and gives the provider no details', () => {
    const e = eventView(event(), 'provider', concern());
    expect([e.actor, e.role, e.details]).toEqual(['The reporting practice', null, {}]);
    const shared = eventView(event(), 'provider', concern({ shareReporter: true }));
    expect([shared.actor, shared.role]).toEqual(['reporter@example.test', 'practice_user']);
  });

  it('keeps an internal note to the commissioner team', () => {
    const internal = event({ party: 'commissioner', visibility: 'internal', reason: 'Internal view' });
    expect(eventView(internal, 'commissioner', concern()).reason).toBe('Internal view');
    expect(eventView(internal, 'practice', concern()).reason).toBeNull();
    expect(eventView(internal, 'provider', concern()).reason).toBeNull();
  });

  it('does not tell the provider an NHS number was revealed', () => {
    const events = [event(), event({ id: 2, kind: 'nhs_number_revealed', party: 'commissioner' })];
    expect(historyView(events, 'provider', concern()).map((e) => e.id)).toEqual([1]);
    expect(historyView(events, 'commissioner', concern()).map((e) => e.id)).toEqual([1, 2]);
  });
});
