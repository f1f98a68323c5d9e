/** Faults: Schema and types of the records. */
import type { PhpJsonValue } from '../php-json.ts';
import { defineFault } from './registry.ts';
import { isObject, onPage, onRecords } from './helpers.ts';

defineFault({
  name: 'ids-as-strings',
  description: 'Integer columns come out as strings (PDO ATTR_STRINGIFY_FETCHES): "id": "1388", intercom "id" and "department" too.',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r) => ({
    ...r,
    id: String(r.id),
    intercom: isObject(r.intercom) ? { ...r.intercom, id: String(r.intercom.id), department: String(r.intercom.department) } : r.intercom ?? null,
  })),
});

defineFault({
  name: 'booleans-as-integers',
  description: 'is_expired and intercom.is_online are 0/1 (tinyint columns without a boolean cast).',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r) => ({
    ...r,
    is_expired: r.is_expired ? 1 : 0,
    intercom: isObject(r.intercom) ? { ...r.intercom, is_online: r.intercom.is_online ? 1 : 0 } : r.intercom ?? null,
  })),
});

const isoMicro = (v: PhpJsonValue | undefined): PhpJsonValue =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}.000000Z` : v ?? null;

defineFault({
  name: 'timestamps-iso',
  description: 'expired_at, will_deleted_at and created_at use Eloquent\'s ISO format (2022-04-19T17:16:00.000000Z) instead of the documented Y-m-d H:i:s.',
  requirementIds: ['REC-TIMESTAMPS', 'SCHEMA-200'],
  body: onRecords((r) => ({ ...r, expired_at: isoMicro(r.expired_at), will_deleted_at: isoMicro(r.will_deleted_at), created_at: isoMicro(r.created_at) })),
});

defineFault({
  name: 'legacy-zero-dates',
  description: 'Codes imported from the legacy system carry MySQL zero dates: "created_at": "0000-00-00 00:00:00" (the right shape, not a date).',
  requirementIds: ['REC-TIMESTAMPS'],
  body: onRecords((r, i) => (i % 5 === 2 ? { ...r, created_at: '0000-00-00 00:00:00' } : r)),
});

defineFault({
  name: 'intercom-null',
  description: 'Codes whose intercom was soft-deleted come out with "intercom": null (the relation finds no row).',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r, i) => (i % 4 === 1 ? { ...r, intercom: null } : r)),
});

defineFault({
  name: 'data-wrapped',
  description: 'The records are wrapped once more: "data": {"items": [...]} (a resource returning [\'items\' => ...]).',
  requirementIds: ['SCHEMA-200'],
  body: onPage((p) => ({ data: { items: p.data }, links: p.links, meta: p.meta })),
});
