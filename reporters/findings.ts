/**
 * Violations grouped by shape, for every reporter: violations that differ only in the request they were seen on
 * become one finding with a count and the list of requests; schema errors are grouped by path pattern
 * ("/data/*\/id must be integer, 1075 records on 43 responses"). Pure: from a CheckResult and the run's exchanges.
 */
import type { CheckResult, Exchange, Finding } from '../src/evidence.ts';

export interface RequestRef {
  exchangeId: string;
  /** The request in words: "per_page=7&page=1, web". */
  words: string;
  purpose?: string;
}

export interface SchemaGroup {
  /** JSON pointer with array indices as "*": "/data/*\/id". */
  pattern: string;
  message: string;
  keyword: string;
  /** Errors of this shape in all. */
  occurrences: number;
  /** Distinct array elements they were seen on (0 when the path has no index). */
  records: number;
  /** Distinct bodies (exchanges) they were seen on. */
  bodies: number;
  /** A concrete path of the first occurrence, to mark in the body. */
  firstPath: string;
}

export interface FindingGroup {
  /** The message to show: the first violation's, without its request label when the group has several. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  count: number;
  violations: Finding[];
  requests: RequestRef[];
  schemaGroups: SchemaGroup[];
  /** JSON pointer of the offending field in the bodies (see pointerOf). */
  pointer?: string;
}

/** A request label before the sentence ("X-Client ios-cctv: Received ...", "leading space: Received ..."). */
const LABELLED = /^([^:]{1,60}): (Received .*)$/s;

function shapeKey(f: Finding): string {
  const m = LABELLED.exec(f.message);
  const sentence = (m ? m[2] : f.message).replace(/\(got [^;]*?\)(?=;|\)|$)/g, '(got …)').replace(/\d+/g, '#');
  const schema = (f.schemaErrors ?? []).map((e) => `${patternOf(e.path)} ${schemaProblem(e.message)}`);
  // Schema violations are one shape when their errors are: the error count (the body's length) does not matter.
  if (schema.length) return JSON.stringify(['schema', safeJson(f.expected), [...new Set(schema)].sort()]);
  return JSON.stringify([sentence, safeJson(f.expected), safeJson(f.actual)]);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(v);
  }
}

/** The schema error's words without the value it saw ("must be integer (got \"1296\")" → "must be integer"). */
export function schemaProblem(message: string): string {
  return message.replace(/\s*\(got [^]*\)$/, '');
}

export function patternOf(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

/** "per_page=7&page=1, web": the query as sent (decoded) and the X-Client it went with. */
export function requestWords(x: Exchange | undefined): string {
  if (!x) return 'request not recorded';
  let query = '';
  try {
    query = decodeURIComponent(new URL(x.request.url).search.slice(1).replace(/\+/g, '%2B'));
  } catch {
    query = x.request.url;
  }
  const client = x.request.headers['x-client'];
  const auth = x.request.headers.authorization;
  const parts = [query === '' ? 'no query' : query, client === undefined ? 'no X-Client' : client];
  if (auth === undefined) parts.push('no Authorization');
  else if (auth !== 'Bearer ***') parts.push(`Authorization ${auth}`);
  return parts.join(', ');
}

/**
 * The JSON pointer to mark in the body: the violation's first schema error, else the field it judges (not when
 * that is the data array, judged by its length: the mark would cover every record), else the field its
 * "Received <field>" wording names.
 */
export function pointerOf(f: Finding): string | undefined {
  const schemaPath = f.schemaErrors?.find((e) => e.path)?.path;
  if (schemaPath) return schemaPath;
  if (f.field !== undefined) return f.field === '/data' ? undefined : f.field;
  return fieldPointer(f.message);
}

/** "Received meta.last_page 19 ..." → "/meta/last_page". */
export function fieldPointer(message: string): string | undefined {
  const m = /Received ((?:meta|links|data)(?:\.[A-Za-z_]+)*)\b/.exec(message);
  return m ? '/' + m[1].split('.').join('/') : undefined;
}

/** "/meta/last_page" → "meta.last_page". */
export function fieldName(pointer: string): string {
  return pointer.replace(/^\//, '').split('/').join('.');
}

export function groupViolations(check: Pick<CheckResult, 'violations'>, exchanges: Record<string, Exchange>): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const v of check.violations) {
    const key = shapeKey(v);
    const list = groups.get(key);
    if (list) list.push(v);
    else groups.set(key, [v]);
  }
  return [...groups.values()].map((violations) => {
    const first = violations[0];
    const labelled = LABELLED.exec(first.message);
    const seen = new Set<string>();
    const requests: RequestRef[] = [];
    for (const v of violations) {
      for (const id of v.exchangeIds ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const x = exchanges[id];
        requests.push({ exchangeId: id, words: requestWords(x), ...(x ? { purpose: x.purpose } : {}) });
      }
    }
    const group: FindingGroup = {
      message: violations.length > 1 && labelled ? labelled[2] : first.message,
      count: violations.length,
      violations,
      requests,
      schemaGroups: groupSchemaErrors(violations),
    };
    if (first.expected !== undefined) group.expected = first.expected;
    if (first.actual !== undefined) group.actual = first.actual;
    const pointer = pointerOf(first);
    if (pointer) group.pointer = pointer;
    return group;
  });
}

/** Schema errors of several violations (one per body) grouped by path pattern and message. */
export function groupSchemaErrors(violations: Finding[]): SchemaGroup[] {
  const byShape = new Map<string, { g: SchemaGroup; records: Set<string>; bodies: Set<string> }>();
  violations.forEach((v, i) => {
    const body = v.exchangeIds?.[0] ?? `#${i}`;
    for (const e of v.schemaErrors ?? []) {
      const pattern = patternOf(e.path);
      const problem = schemaProblem(e.message);
      const key = `${pattern}\u0000${problem}`;
      let entry = byShape.get(key);
      if (!entry) {
        entry = { g: { pattern, message: problem, keyword: e.keyword, occurrences: 0, records: 0, bodies: 0, firstPath: e.path }, records: new Set(), bodies: new Set() };
        byShape.set(key, entry);
      }
      entry.g.occurrences++;
      const index = /\/(\d+)(?=\/|$)/.exec(e.path);
      if (index) entry.records.add(`${body}/${index[1]}`);
      entry.bodies.add(body);
    }
  });
  return [...byShape.values()].map(({ g, records, bodies }) => ({ ...g, records: records.size, bodies: bodies.size }));
}

/** "/data/*\/id must be integer, 1075 records on 43 responses" (records: array elements, counted per response). */
export function schemaGroupText(g: SchemaGroup): string {
  const where = g.pattern === '' ? '(whole body)' : g.pattern;
  const records = g.records > 0 ? `${g.records} record${g.records === 1 ? '' : 's'} on ` : '';
  const bodies = `${g.bodies} response${g.bodies === 1 ? '' : 's'}`;
  return `${where} ${g.message}, ${records}${bodies}`;
}

/** Requests listed in words, the first few and how many more. */
export function requestList(requests: RequestRef[], max = 6): string {
  const shown = requests.slice(0, max).map((r) => r.words);
  const more = requests.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

