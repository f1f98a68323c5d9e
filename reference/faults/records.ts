/** Faults: Record semantics. */
import { formatTimestamp, parseTimestamp } from '../../fixtures/codes.ts';
import { defineFault } from './registry.ts';
import { withRecords } from './helpers.ts';

defineFault({
  name: 'is-expired-inverted',
  description: 'is_expired is expired_at->isFuture() (the comparison is the wrong way round).',
  requirementIds: ['REC-IS-EXPIRED'],
  data: (source) => withRecords(source, (records) => records.map((r) => ({ ...r, is_expired: !r.is_expired }))),
});

defineFault({
  name: 'will-delete-before-expiry',
  description: 'will_deleted_at is expired_at->subDay() instead of addDay(): codes are deleted before they expire.',
  requirementIds: ['REC-DELETE-AFTER-EXPIRY'],
  data: (source) =>
    withRecords(source, (records) =>
      records.map((r) => ({ ...r, will_deleted_at: formatTimestamp(parseTimestamp(r.expired_at) - 24 * 3600 * 1000) })),
    ),
});
