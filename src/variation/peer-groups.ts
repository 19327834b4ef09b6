/**
 * Each practice's most similar practices on case mix: age and sex profile, deprivation, need and list size (the
 * facts the case-mix model uses), by Mahalanobis distance across every practice that has them all, with the
 * distance and the variables shown; and the practice's latest value on each indicator against those peers.
 */
import type { Queryable } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { nearestPeers } from '../stats/peers.js';
import { casemixCovariates, type Covariate } from './casemix.js';
import { cachedForDataVersion } from '../db/store-cache.js';
import {
  latestListSizes,
  latestValuesBesidePeers,
  openPracticesOn,
  type PeerValueRow,
} from '../db/repos/peer-groups.js';

export const PEERS = 10;

async function listSizes(db: Queryable): Promise<Covariate | null> {
  const rows = await latestListSizes(db);
  if (rows.length === 0) return null;
  return {
    name: 'list_size',
    label: 'registered patients (log scale for the distance)',
    source: 'registered patients, latest count held',
    values: new Map(rows.map((r) => [r.org, r.patients])),
  };
}

/** The open practices with every case-mix fact, and the facts: the same for every practice, kept for the data version and the day. */
function peerSpace(db: Queryable) {
  const day = today();
  return cachedForDataVersion(db, `peers:${day}`, async () => {
    const covariates = await casemixCovariates(db, day);
    const list = await listSizes(db);
    if (list) covariates.push(list);
    const practices = (await openPracticesOn(db, day)).filter((p) =>
      covariates.every((c) => Number.isFinite(c.values.get(p.code))),
    );
    return { covariates, practices };
  });
}

/** The `k` most similar open practices (PEERS for the peer group; more where a wider pool is wanted, as for buddies). */
export async function peersOf(db: Queryable, practice: string, k = PEERS) {
  const { covariates, practices } = await peerSpace(db);
  const index = practices.findIndex((p) => p.code === practice);
  if (covariates.length === 0 || index < 0)
    return {
      practice,
      variables: [],
      peers: [],
      reason:
        'This practice lacks some of the facts similarity is measured on (age profile, deprivation, need, list size).',
    };
  const feature = (c: Covariate, code: string) =>
    c.name === 'list_size' ? Math.log(c.values.get(code)!) : c.values.get(code)!;
  const rows = practices.map((p) => covariates.map((c) => feature(c, p.code)));
  const matches = nearestPeers(rows, k, [index]);
  const variablesOf = (code: string) =>
    Object.fromEntries(covariates.map((c) => [c.name, c.values.get(code)!]));
  return {
    practice,
    method: `Mahalanobis distance on ${covariates.map((c) => c.label).join(', ')}, standardised across ${practices.length.toLocaleString('en-GB')} practices that have them all; the ${k} nearest are the peers`,
    variables: covariates.map((c) => ({
      name: c.name,
      label: c.label,
      source: c.source,
      value: c.values.get(practice)!,
    })),
    peers: matches.map((m) => ({
      code: practices[m.peer].code,
      name: practices[m.peer].name,
      rank: m.rank,
      distance: m.distance,
      values: variablesOf(practices[m.peer].code),
    })),
    reason: null,
  };
}

/** The practice's latest value of each indicator beside its peers' values for the same period. */
export async function againstPeers(db: Queryable, practice: string, peers: string[], includeLocal: boolean) {
  const rows = await latestValuesBesidePeers(db, practice, [practice, ...peers], includeLocal);
  const byIndicator = new Map<string, PeerValueRow[]>();
  for (const r of rows) (byIndicator.get(r.code) ?? byIndicator.set(r.code, []).get(r.code)!).push(r);
  return [...byIndicator.values()]
    .map((list) => {
      const own = list.find((r) => r.org === practice);
      const others = list
        .filter((r) => r.org !== practice)
        .map((r) => r.value)
        .sort((a, b) => a - b);
      if (!own || others.length < 3) return null;
      const median =
        others.length % 2
          ? others[(others.length - 1) / 2]
          : (others[others.length / 2 - 1] + others[others.length / 2]) / 2;
      return {
        indicator: own.code,
        title: own.title,
        unit: own.unit,
        direction: own.direction,
        period: own.periodStart,
        value: own.value,
        peers: others.length,
        peerMedian: median,
        peerMin: others[0],
        peerMax: others[others.length - 1],
        /** how many peers have a higher value */
        peersAbove: others.filter((v) => v > own.value).length,
      };
    })
    .filter((x) => x !== null);
}
