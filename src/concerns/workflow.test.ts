import { describe, expect, it } from 'vitest';
import {
  allowedMoves,
  checkMove,
  deadlinesFor,
  IllegalTransition,
  STATES,
  type ClockFacts,
} from './workflow.js';
import { DEFAULT_DEADLINES } from './taxonomy.js';

const facts = (f: Partial<ClockFacts>): ClockFacts => ({
  status: 'submitted',
  submittedOn: null,
  acknowledgedOn: null,
  triagedOn: null,
  sentToProviderOn: null,
  providerRespondedOn: null,
  reviewedOn: null,
  ...f,
});
const due = (f: Partial<ClockFacts>, days = DEFAULT_DEADLINES, today = '2026-12-22') =>
  Object.fromEntries(deadlinesFor(facts(f), days, today).map((d) => [d.name, d.due]));

// Expected dates counted by hand on the gov.uk England and Wales calendar.
describe('concern deadlines in working days', () => {
  it('over Christmas 2026 (Boxing Day substitute on Monday 28th)', () => {
    expect(due({ submittedOn: '2026-12-22' })).toEqual({ acknowledge: '2026-12-24', triage: '2026-12-31' });
    expect(due({ submittedOn: '2026-12-24' })).toEqual({ acknowledge: '2026-12-30', triage: '2027-01-05' });
  });
  it('over Easter 2027 (Good Friday 26 March, Easter Monday 29 March)', () => {
    expect(
      due({
        status: 'with_provider',
        submittedOn: '2027-03-10',
        triagedOn: '2027-03-11',
        sentToProviderOn: '2027-03-24',
      }).providerResponse,
    ).toBe('2027-04-09');
  });
  it('over the 2027 Christmas substitute days (27 and 28 December)', () => {
    expect(
      due({
        status: 'provider_responded',
        submittedOn: '2027-12-01',
        triagedOn: '2027-12-02',
        sentToProviderOn: '2027-12-03',
        providerRespondedOn: '2027-12-23',
      }).commissionerReview,
      // Thu 23 Dec + 10: 24, 29, 30, 31 Dec, 4–7 Jan (3 Jan 2028 substitutes for New Year's Day), 10, 11 Jan
    ).toBe('2028-01-11');
  });
  it('with a provider-specific override of the response time', () => {
    const f = {
      status: 'with_provider' as const,
      submittedOn: '2027-03-10',
      triagedOn: '2027-03-11',
      sentToProviderOn: '2027-03-24',
    };
    expect(due(f, { ...DEFAULT_DEADLINES, providerResponse: 15 }).providerResponse).toBe('2027-04-16');
  });
  it('flags what is overdue and stops the clocks when a concern ends', () => {
    const open = deadlinesFor(facts({ submittedOn: '2026-12-01' }), DEFAULT_DEADLINES, '2026-12-22');
    expect(open.map((d) => [d.name, d.overdue])).toEqual([
      ['acknowledge', true],
      ['triage', true],
    ]);
    const met = deadlinesFor(
      facts({ status: 'triaged', submittedOn: '2026-12-01', triagedOn: '2026-12-02' }),
      DEFAULT_DEADLINES,
      '2026-12-22',
    );
    expect(met.every((d) => !d.overdue && d.metOn === '2026-12-02')).toBe(true);
    const ended = deadlinesFor(
      facts({ status: 'redirected', submittedOn: '2026-12-01' }),
      DEFAULT_DEADLINES,
      '2026-12-22',
    );
    expect(ended.every((d) => d.stopped && !d.overdue)).toBe(true);
  });
});

describe('concern moves', () => {
  it('follows the main path with the right party at each step', () => {
    expect(() => checkMove('draft', 'submitted', ['practice'])).not.toThrow();
    expect(() => checkMove('submitted', 'triaged', ['commissioner'])).not.toThrow();
    expect(() => checkMove('triaged', 'with_provider', ['commissioner'])).not.toThrow();
    expect(() => checkMove('with_provider', 'provider_responded', ['provider'])).not.toThrow();
    expect(() => checkMove('provider_responded', 'commissioner_review', ['commissioner'])).not.toThrow();
    expect(() => checkMove('commissioner_review', 'closed', ['commissioner'])).not.toThrow();
    expect(() => checkMove('closed', 'reopened', ['commissioner'])).not.toThrow();
  });
  it('refuses an illegal move naming the allowed ones', () => {
    try {
      checkMove('submitted', 'closed', ['commissioner']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransition);
      expect((e as IllegalTransition).allowed).toEqual(['triaged', 'redirected', 'duplicate']);
      expect((e as Error).message).toContain('triaged, redirected, duplicate');
    }
  });
  it('keeps each party to its own moves', () => {
    expect(() => checkMove('submitted', 'triaged', ['practice'])).toThrow(/commissioner/);
    expect(() => checkMove('triaged', 'with_provider', ['provider'])).toThrow(IllegalTransition);
    expect(allowedMoves('with_provider', ['provider'])).toEqual(['provider_responded']);
  });
  it('every state can be left or is a deliberate end', () => {
    const ends = STATES.filter((s) => allowedMoves(s).length === 0);
    expect(ends.sort()).toEqual(['duplicate', 'redirected']);
  });
});
