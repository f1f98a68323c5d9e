/** Unknown or missing X-Client / X-UUID headers as data (CLIENT-UNKNOWN-OR-MISSING): never a server error. */

export interface OddHeaderCase {
  /** Stable observation key (results.json `observed`). */
  key: string;
  label: string;
  /** X-Client; undefined = the configured client, null = header omitted. */
  client: string | null | undefined;
  /** X-UUID; undefined = the configured device id, null = header omitted. */
  uuid: string | null | undefined;
}

export const ODD_HEADERS: readonly OddHeaderCase[] = [
  { key: 'xClient.unknown', label: 'unknown X-Client "vms-conformance-unknown"', client: 'vms-conformance-unknown', uuid: undefined },
  { key: 'xClient.missing', label: 'no X-Client header', client: null, uuid: undefined },
  { key: 'xUuid.missing', label: 'no X-UUID header', client: undefined, uuid: null },
];
