/** Views of the collection that conformant vendor options give (extra record fields, newest first). */
import type { DataSource, IntercomCode } from '../fixtures/codes.ts';
import type { PhpJsonValue } from './php-json.ts';

export function withExtraFields(record: IntercomCode): Record<string, PhpJsonValue> {
  const { intercom, ...rest } = record;
  return {
    ...rest,
    updated_at: record.created_at,
    comment: record.id % 3 === 0 ? null : `Door code for ${record.title}`,
    intercom: { ...intercom },
  };
}

export function reversed(source: DataSource): DataSource {
  return {
    total: source.total,
    slice(offset, count) {
      const end = Math.max(0, source.total - offset);
      const start = Math.max(0, end - count);
      return source.slice(start, end - start).reverse();
    },
  };
}
