/**
 * X-Client / X-UUID: every documented X-Client value gets the same 200 as the reference client
 * (CLIENT-EVERY-VALUE); an unknown or missing X-Client, or a missing X-UUID, is answered without a server
 * error (CLIENT-UNKNOWN-OR-MISSING), and the report records what the target chose.
 */
import type { Finding, Observation } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { isObject, type Json } from './page-body.ts';
import { describeNoAnswer, isNotJudged, notJudged, statusWords, unexpectedAnswer } from './answer.ts';
import type { Sample } from './types.ts';

const PARITY = 'CLIENT-EVERY-VALUE';
const TOLERANCE = 'CLIENT-UNKNOWN-OR-MISSING';
const META_FIELDS = ['total', 'per_page', 'current_page', 'last_page', 'from', 'to'] as const;

/**
 * Record fields that may legitimately differ between two requests made moments apart: is_expired flips when
 * expired_at passes; an intercom's is_online and updated_at follow the live device (heartbeats).
 */
const VOLATILE_FIELDS: ReadonlySet<string> = new Set(['is_expired', 'intercom.is_online', 'intercom.updated_at']);

export function checkClientParity(reference: Sample, other: Sample, client: string): Finding[] {
  if (isNotJudged(other.exchange) || isNotJudged(reference.exchange)) return notJudged(PARITY, reference.exchange, other.exchange);
  // Without a reference 200 there is nothing to compare with; the reference's own checks report it.
  if (reference.exchange.response?.status !== 200 || !isObject(reference.json)) return [];
  const ids = [reference.exchange.id, other.exchange.id];
  const refClient = reference.exchange.request.headers['x-client'] ?? 'the reference client';
  const documented = `documented the same 200 as for X-Client ${refClient}`;
  const unexpected = unexpectedAnswer(other, {
    requirementId: PARITY,
    subject: `for X-Client ${client}`,
    documented,
    statuses: (st) => st === 200,
    expected: 200,
    jsonObject: { expected: 'a JSON page' },
  });
  if (unexpected) return [{ ...unexpected, exchangeIds: ids }];
  const json = other.json as Json; // unexpectedAnswer made sure it is a JSON object

  const findings: Finding[] = [];
  const refMeta = isObject(reference.json.meta) ? reference.json.meta : {};
  const meta = isObject(json.meta) ? json.meta : {};
  const metaDiffs = META_FIELDS.filter((f) => !deepEqual(refMeta[f], meta[f]));
  if (metaDiffs.length > 0) {
    const words = metaDiffs.map((f) => `meta.${f} ${JSON.stringify(meta[f])} (${refClient}: ${JSON.stringify(refMeta[f])})`);
    findings.push(
      violation(
        PARITY,
        `Received ${words.join(', ')} for X-Client ${client}, ${documented}`,
        Object.fromEntries(metaDiffs.map((f) => [f, refMeta[f]])),
        Object.fromEntries(metaDiffs.map((f) => [f, meta[f]])),
        ids,
      ),
    );
  }

  const refData = Array.isArray(reference.json.data) ? reference.json.data : [];
  const data = Array.isArray(json.data) ? json.data : undefined;
  if (!data) {
    findings.push(violation(PARITY, `Received a 200 without a data array for X-Client ${client}, ${documented}`, 'data[]', 'no data array', ids));
    return findings;
  }
  const refIds = refData.map(idOf);
  const otherIds = data.map(idOf);
  if (!deepEqual(refIds, otherIds)) {
    findings.push(
      violation(
        PARITY,
        `Received records ${idList(otherIds)} for X-Client ${client}, documented the records ${idList(refIds)} in the same order as for X-Client ${refClient}`,
        refIds,
        otherIds,
        ids,
      ),
    );
  } else {
    // Same ids in the same order: compare every field, naming only the fields (values may be door codes).
    const differing: string[] = [];
    refData.forEach((r, i) => {
      const fields = diffFields(r, data[i], '');
      if (fields.length > 0) differing.push(`record ${JSON.stringify(refIds[i])} (${fields.join(', ')})`);
    });
    if (differing.length > 0) {
      const shown = differing.slice(0, 5).join('; ') + (differing.length > 5 ? `; and ${differing.length - 5} more` : '');
      findings.push(
        violation(
          PARITY,
          `Received different field values for X-Client ${client} in ${shown}, documented the same records as for X-Client ${refClient}`,
          'identical records (is_expired and live intercom status aside)',
          `${differing.length} record${differing.length === 1 ? '' : 's'} differ`,
          ids,
        ),
      );
    }
  }

  if (findings.length === 0) {
    findings.push(pass(PARITY, `X-Client ${client} got the same 200 as ${refClient} (meta and ${data.length} records)`, ids));
  }
  return findings;
}

export function checkHeaderTolerance(s: Sample, label: string): Finding[] {
  if (isNotJudged(s.exchange)) return notJudged(TOLERANCE, s.exchange);
  const ids = [s.exchange.id];
  const documented = 'documented a 200 or a 4xx JSON answer';
  const unexpected = unexpectedAnswer(s, {
    requirementId: TOLERANCE,
    subject: `with ${label}`,
    documented,
    statuses: (st) => st === 200 || (st >= 400 && st < 500),
    expected: '200 or 4xx',
    jsonObject: { expected: 'a JSON object body' },
  });
  return [unexpected ?? pass(TOLERANCE, `${label}: answered ${s.exchange.response!.status} with a JSON body`, ids)];
}

/** The target's choice, e.g. key 'xClient.unknown' → 'ignored-200' | 'rejected-400' | 'server-error-500'. */
export function observeHeaderChoice(s: Sample, key: string): Observation {
  const ids = [s.exchange.id];
  const response = s.exchange.response;
  if (!response) {
    return { requirementId: TOLERANCE, key, value: 'no-answer', summary: `${key}: no answer (${describeNoAnswer(s.exchange.error)})`, exchangeIds: ids };
  }
  const status = response.status;
  const value =
    status === 200
      ? 'ignored-200'
      : status === 429
        ? 'rate-limited-429'
        : status >= 300 && status < 400
          ? `redirected-${status}`
          : status >= 400 && status < 500
            ? `rejected-${status}`
            : status >= 500
              ? `server-error-${status}`
              : `answered-${status}`;
  const summary =
    status === 200
      ? `${key}: the target ignored it and answered 200`
      : status >= 400 && status < 500 && status !== 429
        ? `${key}: the target refused it with ${statusWords(s.exchange)}`
        : `${key}: the target answered ${statusWords(s.exchange)}`;
  return { requirementId: TOLERANCE, key, value, summary, exchangeIds: ids };
}

function idOf(r: unknown): unknown {
  return isObject(r) ? r.id : undefined;
}

function idList(ids: unknown[]): string {
  const shown = ids.slice(0, 10).map((id) => JSON.stringify(id) ?? 'none');
  return `[${shown.join(', ')}${ids.length > 10 ? `, … ${ids.length} in all` : ''}]`;
}

/** Dotted paths of the fields that differ (volatile ones ignored); values are never returned. */
function diffFields(a: unknown, b: unknown, prefix: string): string[] {
  if (VOLATILE_FIELDS.has(prefix)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => diffFields(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return deepEqual(a, b) ? [] : [prefix || '(record)'];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
