/** Faults: Walking the collection. */
import { defineFault } from './registry.ts';
import { withRecords } from './helpers.ts';

defineFault({
  name: 'offset-off-by-one',
  description: 'offset = (page - 1) * per_page - 1 from page 2 on: each page repeats the last record of the page before (and the last record is never shown).',
  requirementIds: ['WALK-EACH-RECORD-ONCE'],
  data: (source) => ({ total: source.total, slice: (offset, count) => source.slice(offset > 0 ? offset - 1 : 0, count) }),
});

defineFault({
  name: 'offset-skips-records',
  description: 'offset = (page - 1) * (per_page + 1): one record is skipped between consecutive pages.',
  requirementIds: ['WALK-EACH-RECORD-ONCE'],
  data: (source, ctx) => ({
    total: source.total,
    slice: (offset, count) => source.slice(offset + Number((ctx.page ?? 1n) - 1n), count),
  }),
});

defineFault({
  name: 'unstable-order',
  description: 'No ORDER BY (or one on a non-unique column): the database returns the rows in a different order on every request.',
  requirementIds: ['WALK-STABLE-ORDER', 'WALK-EACH-RECORD-ONCE'],
  data: (source, ctx) => {
    const order = Array.from({ length: source.total }, (_, i) => i);
    let s = (ctx.requestNumber * 2654435761) >>> 0;
    for (let i = order.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return { total: source.total, slice: (offset, count) => order.slice(offset, offset + count).map((i) => source.slice(i, 1)[0]!) };
  },
});

defineFault({
  name: 'page-sorted-by-title',
  description: 'Each page is re-sorted by title after paginating ($page->getCollection()->sortBy("title")): the order depends on the page size.',
  requirementIds: ['WALK-STABLE-ORDER'],
  data: (source) => withRecords(source, (records) => [...records].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id))),
});
