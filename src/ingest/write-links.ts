/** A load's parent links: merged into each child's timeline, kept within lifetimes, and only the difference written. */
import type { Queryable } from '../db/connect.js';
import {
  copyLinks,
  deleteLinks,
  knownLifetimes,
  linksOfChildren,
  type LinkColumns,
  type LinkKeys,
} from '../db/repos/load-links.js';
import { deriveMergers } from '../db/repos/mergers.js';
import type { LoadBuilder } from './load-builder.js';
import type { LoadReport } from './load-report.js';
import { mergeTimeline, withinLifetimes, type Interval, type Lifetime } from './timeline.js';

/** Intervals grouped by child and relationship (nested maps: no joined string key per link). */
type LinksByChild = Map<string, Map<string, Interval[]>>;

function addLink(into: LinksByChild, child: string, relationship: string, interval: Interval): void {
  let byRelationship = into.get(child);
  if (!byRelationship) into.set(child, (byRelationship = new Map()));
  let intervals = byRelationship.get(relationship);
  if (!intervals) byRelationship.set(relationship, (intervals = []));
  intervals.push(interval);
}

const intervalKey = (i: Interval) => `${i.parent}|${i.from}|${i.to ?? ''}`;

/**
 * Merge the file's links into each child's timeline and write only the difference: intervals no longer in the
 * timeline are deleted, new ones inserted (each insert costs foreign-key checks, so unchanged rows are left alone).
 */
export async function writeLinks(
  tx: Queryable,
  b: LoadBuilder,
  loadId: number,
  report: LoadReport,
): Promise<void> {
  if (b.links.length === 0) return;
  const added: LinksByChild = new Map();
  for (const l of b.links)
    addLink(added, l.child, l.relationship, { parent: l.parent, from: l.from, to: l.to });
  const rows = await linksOfChildren(tx, [...added.keys()]);
  const current: LinksByChild = new Map();
  for (const r of rows)
    addLink(current, r.child_code, r.relationship, {
      parent: r.parent_code,
      from: r.valid_from,
      to: r.valid_to,
    });
  // each interval within the lifetimes of its ends before merging, so that a link asserted after its child closed
  // (a 2022 lookup listing a CCG closed in 2017) neither lands nor ends the link before it
  const codes = new Set<string>(added.keys());
  for (const l of b.links) codes.add(l.parent);
  for (const r of rows) codes.add(r.parent_code);
  const lifetimes = new Map<string, Lifetime>();
  for (const o of await knownLifetimes(tx, [...codes])) lifetimes.set(o.code, o);
  const unknown: Lifetime = { open: null, close: null };
  const within = (child: string, intervals: Interval[]) =>
    lifetimes.size === 0
      ? intervals
      : intervals.flatMap(
          (i) =>
            withinLifetimes(i, lifetimes.get(child) ?? unknown, lifetimes.get(i.parent) ?? unknown) ?? [],
        );
  const del: LinkKeys = [[], [], []];
  const ins: LinkColumns = [[], [], [], [], []];
  let changedSubIcb = false;
  for (const [child, byRelationship] of added)
    for (const [rel, intervals] of byRelationship) {
      const before = current.get(child)?.get(rel) ?? [];
      let gone: Interval[] = [];
      let fresh = mergeTimeline(within(child, before.length ? [...before, ...intervals] : intervals));
      if (before.length) {
        const kept = new Set(fresh.map(intervalKey));
        const had = new Set(before.map(intervalKey));
        gone = before.filter((i) => !kept.has(intervalKey(i)));
        fresh = fresh.filter((i) => !had.has(intervalKey(i)));
      }
      if (gone.length === 0 && fresh.length === 0) continue;
      report.links.changed++;
      if (rel === 'practice_sub_icb') changedSubIcb = true;
      for (const g of gone) {
        del[0].push(child);
        del[1].push(rel);
        del[2].push(g.from);
      }
      for (const f of fresh) {
        ins[0].push(child);
        ins[1].push(rel);
        ins[2].push(f.parent);
        ins[3].push(f.from);
        ins[4].push(f.to);
      }
    }
  await deleteLinks(tx, del);
  await copyLinks(tx, ins, loadId);
  if (changedSubIcb) await deriveMergers(tx, loadId);
}
