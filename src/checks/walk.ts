/**
 * Walking the collection: every record exactly once (WALK-EACH-RECORD-ONCE) in one stable order, the same for
 * every page size and on repeated requests (WALK-STABLE-ORDER). Records are identified by `id` only.
 */
import type { Finding } from '../evidence.ts';
import { pass, verdict, violation } from './finding.ts';
import { describeQuery, givenMeta, idsOf, pageParts, posInt, recordIds } from './page-body.ts';
import type { Sample } from './types.ts';

/** Pages 1..last in order, all requested with the same per_page. */
export interface Walk {
  perPage: number;
  pages: Sample[];
}

type Id = string | number;

/** The walk's ids in order with the page each came from; undefined when a page cannot be read (incomplete). */
function walkIds(walk: Walk): Array<{ id: Id; page: Sample }> | undefined {
  const out: Array<{ id: Id; page: Sample }> = [];
  for (const page of walk.pages) {
    const ids = recordIds(page);
    if (!ids) return undefined;
    for (const id of ids) out.push({ id, page });
  }
  return out;
}

const key = (id: Id): string => JSON.stringify(id);

/** WALK-EACH-RECORD-ONCE over a complete walk: no id twice, and meta.total distinct records. */
export function checkWalk(walk: Walk, expectedTotal: number): Finding[] {
  const id = 'WALK-EACH-RECORD-ONCE';
  const all = walkIds(walk);
  if (!all || !walk.pages.length) return []; // an unreadable page: its own status/schema checks report it
  const pageNo = (s: Sample): string => String(posInt(pageParts(s)?.meta?.current_page) ?? s.query.page ?? '?');
  const firstSeen = new Map<string, Sample>();
  const duplicates: Array<{ id: Id; first: Sample; again: Sample }> = [];
  for (const { id: rid, page } of all) {
    const k = key(rid);
    const prior = firstSeen.get(k);
    if (prior) duplicates.push({ id: rid, first: prior, again: page });
    else firstSeen.set(k, page);
  }
  const findings: Finding[] = [];
  const d = duplicates[0];
  findings.push(
    d
      ? violation(
          id,
          `Received record id ${d.id} on page ${pageNo(d.first)} and again on page ${pageNo(d.again)} (per_page ${walk.perPage}; ${duplicates.length} repeat(s) in all), documented each record once`,
          'no repeated id',
          duplicates.slice(0, 20).map((x) => x.id),
          idsOf(d.first, d.again),
        )
      : pass(id, `no record repeats over ${walk.pages.length} pages of per_page ${walk.perPage}`, idsOf(walk.pages[0], walk.pages[walk.pages.length - 1])),
  );
  const distinct = firstSeen.size;
  // The documented count is the collection's meta.total: relied on as its first page received it, if the same.
  const given = givenMeta(pageParts(walk.pages[0])?.meta, 'total');
  findings.push(
    verdict(
      id,
      distinct === expectedTotal,
      {
        pass: `walking ${walk.pages.length} pages of per_page ${walk.perPage} yields meta.total = ${expectedTotal} records`,
        fail: `Received ${distinct} distinct records (${all.length} in all) walking ${walk.pages.length} pages of per_page ${walk.perPage}, documented meta.total ${expectedTotal}`,
      },
      expectedTotal,
      distinct,
      idsOf(walk.pages[0], walk.pages[walk.pages.length - 1]),
      { given: given['/meta/total'] === expectedTotal ? given : {} },
    ),
  );
  return findings;
}

/** WALK-STABLE-ORDER: two complete walks with different page sizes list the same ids in the same order. */
export function checkSameOrder(a: Walk, b: Walk): Finding[] {
  const x = walkIds(a);
  const y = walkIds(b);
  if (!x || !y) return [];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (key(x[i].id) !== key(y[i].id)) {
      return [
        violation(
          'WALK-STABLE-ORDER',
          `Received id ${x[i].id} at position ${i + 1} with per_page ${a.perPage} but id ${y[i].id} with per_page ${b.perPage}, documented the same order for every page size`,
          x[i].id,
          y[i].id,
          idsOf(x[i].page, y[i].page),
        ),
      ];
    }
  }
  // A length difference is a missing or repeated record: WALK-EACH-RECORD-ONCE reports it.
  return [pass('WALK-STABLE-ORDER', `the first ${n} records come in the same order with per_page ${a.perPage} and ${b.perPage}`, idsOf(...a.pages.slice(0, 1), ...b.pages.slice(0, 1)))];
}

/** WALK-STABLE-ORDER: the same page requested twice lists the same ids in the same order. */
export function checkRepeatable(first: Sample, again: Sample): Finding[] {
  const x = recordIds(first);
  const y = recordIds(again);
  if (!x || !y) return [];
  const same = x.length === y.length && x.every((v, i) => key(v) === key(y[i]));
  const i = x.findIndex((v, j) => key(v) !== key(y[j]));
  return [
    verdict(
      'WALK-STABLE-ORDER',
      same,
      {
        pass: `${describeQuery(first)} lists the same ${x.length} records in the same order when requested again`,
        fail:
          x.length !== y.length
            ? `Received ${y.length} records for ${describeQuery(again)} requested again, documented the same ${x.length} records as the first time`
            : `Received id ${y[i]} at position ${i + 1} of ${describeQuery(again)} requested again, documented id ${x[i]} as the first time`,
      },
      x,
      y,
      idsOf(first, again),
    ),
  ];
}

/**
 * A sampled walk for collections too large to walk fully. Each 200 page covers collection positions
 * (current_page - 1) * per_page + 1 ... + data.length. Pages that overlap (the same page again, or pages of
 * different sizes) must agree on the ids at shared positions (WALK-STABLE-ORDER); an id must never sit at two
 * different positions (WALK-EACH-RECORD-ONCE).
 */
export function checkSampledPages(samples: Sample[]): Finding[] {
  interface Covered {
    s: Sample;
    offset: number;
    ids: Id[];
  }
  const covered: Covered[] = [];
  for (const s of samples) {
    const meta = pageParts(s)?.meta;
    const page = posInt(meta?.current_page);
    const perPage = posInt(meta?.per_page);
    const ids = recordIds(s);
    // A page longer than per_page would spill into its neighbour's positions: PAG-DATA-LENGTH reports it.
    if (page === undefined || perPage === undefined || !ids || ids.length > perPage) continue;
    covered.push({ s, offset: (page - 1) * perPage, ids });
  }
  const findings: Finding[] = [];

  // Overlapping pairs agree position by position.
  for (let i = 0; i < covered.length; i++) {
    for (let j = i + 1; j < covered.length; j++) {
      const a = covered[i];
      const b = covered[j];
      const lo = Math.max(a.offset, b.offset);
      const hi = Math.min(a.offset + a.ids.length, b.offset + b.ids.length);
      if (lo >= hi) continue;
      let differs = -1;
      for (let p = lo; p < hi; p++) {
        if (key(a.ids[p - a.offset]) !== key(b.ids[p - b.offset])) {
          differs = p;
          break;
        }
      }
      findings.push(
        differs < 0
          ? pass('WALK-STABLE-ORDER', `${describeQuery(a.s)} and ${describeQuery(b.s)} agree on records ${lo + 1}–${hi}`, idsOf(a.s, b.s))
          : violation(
              'WALK-STABLE-ORDER',
              `Received id ${a.ids[differs - a.offset]} at position ${differs + 1} with ${describeQuery(a.s)} but id ${b.ids[differs - b.offset]} with ${describeQuery(b.s)}, documented one order for every page size`,
              a.ids[differs - a.offset],
              b.ids[differs - b.offset],
              idsOf(a.s, b.s),
            ),
      );
    }
  }

  // No id at two different positions, within a page or across pages that do not overlap (overlapping pages
  // that disagree are an order problem, reported above).
  if (covered.length) {
    const overlap = (a: Covered, b: Covered): boolean =>
      Math.max(a.offset, b.offset) < Math.min(a.offset + a.ids.length, b.offset + b.ids.length);
    const at = new Map<string, Array<{ pos: number; c: Covered }>>();
    let clash: { id: Id; first: { pos: number; c: Covered }; pos: number; c: Covered } | undefined;
    for (const c of covered) {
      c.ids.forEach((rid, i) => {
        const pos = c.offset + i;
        const seen = at.get(key(rid)) ?? [];
        const other = seen.find((x) => x.pos !== pos && (x.c === c || !overlap(x.c, c)));
        if (other && !clash) clash = { id: rid, first: other, pos, c };
        seen.push({ pos, c });
        at.set(key(rid), seen);
      });
    }
    findings.push(
      clash
        ? violation(
            'WALK-EACH-RECORD-ONCE',
            `Received record id ${clash.id} at position ${clash.first.pos + 1} (${describeQuery(clash.first.c.s)}) and at position ${clash.pos + 1} (${describeQuery(clash.c.s)}), documented each record once`,
            'one position per id',
            [clash.first.pos + 1, clash.pos + 1],
            idsOf(clash.first.c.s, clash.c.s),
          )
        : pass('WALK-EACH-RECORD-ONCE', `${at.size} sampled records each sit at one position only`, idsOf(...covered.slice(0, 3).map((c) => c.s))),
    );
  }
  return findings;
}
