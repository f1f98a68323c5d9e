/**
 * Maps node / superagent transport errors to the evidence model's TransportError, in plain words; which of them are
 * worth a retry; the errors of the requests the client does not send.
 */
import type { TransportError } from '../evidence.ts';
import type { AttemptOutcome } from './send.ts';

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate issuer not trusted (unknown CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer not trusted (unknown CA)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer not trusted (unknown CA)',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host',
  HOSTNAME_MISMATCH: 'certificate is for another host',
  CERT_REVOKED: 'certificate revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS handshake failed (the server does not speak TLS on this port?)',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ETIME', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  timeout?: unknown;
  hostname?: unknown;
}

export function classifyError(err: unknown): TransportError {
  const e: ErrorLike = typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
  const message = typeof e.message === 'string' ? e.message : String(err);
  // supertest rewrites connect errors to "ECONNREFUSED: Connection refused" without a code property.
  const code = typeof e.code === 'string' ? e.code : /^([A-Z][A-Z0-9_]{2,}):/.exec(message)?.[1];
  const withCode = (kind: TransportError['kind'], text: string): TransportError => (code ? { kind, message: text, code } : { kind, message: text });

  if (typeof e.timeout === 'number') return withCode('timeout', `timed out after ${e.timeout} ms`);
  if (code && TIMEOUT_CODES.has(code)) return withCode('timeout', 'timed out');
  if (code && DNS_CODES.has(code)) {
    const host = typeof e.hostname === 'string' ? ` for ${e.hostname}` : '';
    return withCode('dns', `host name not found (DNS lookup failed${host})`);
  }
  if (code && REFUSED_CODES.has(code)) {
    return withCode('refused', code === 'ECONNREFUSED' ? 'connection refused' : `host unreachable (${code})`);
  }
  if (code && TLS_REASONS[code]) return withCode('tls', TLS_REASONS[code]);
  if (code && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return withCode('tls', `TLS handshake failed (${message})`);
  }
  // Node's own limit on a response head (16 KiB): the suite stopped reading, the target may be fine with it.
  if (code === 'HPE_HEADER_OVERFLOW') return withCode('protocol', 'the suite stopped reading: the response headers are larger than 16 KiB (its limit)');
  if (code && code.startsWith('HPE_')) return withCode('protocol', `not HTTP: the answer could not be parsed (${message})`);
  if (code && code.startsWith('Z_')) return withCode('protocol', `body could not be decoded (bad Content-Encoding: ${message})`);
  if (message === 'aborted') return withCode('reset', 'connection closed mid-body: truncated body');
  if (code && RESET_CODES.has(code)) {
    if (message === 'socket hang up') return withCode('reset', 'connection closed before a response (socket hang up)');
    if (/TLS connection/i.test(message)) return withCode('tls', `TLS handshake failed (${message})`);
    return withCode('reset', 'connection reset by peer');
  }
  if (message === 'socket hang up') return withCode('reset', 'connection closed before a response (socket hang up)');
  if (/parse error/i.test(message)) return withCode('protocol', `not HTTP: ${message}`);
  if (code === 'ETOOLARGE') return withCode('other', 'response body too large');
  return withCode('other', message);
}

/**
 * Why an attempt got no complete answer, saying how far it got; where the suite itself stopped (its read cap,
 * its timeout) the words say so rather than blaming the target for closing the connection.
 */
export function describeAttemptError(outcome: AttemptOutcome, timeoutMs: number, readCapBytes: number): TransportError {
  const error: TransportError = { ...classifyError(outcome.error), ...(outcome.headersStatus !== undefined ? { answeredStatus: outcome.headersStatus } : {}) };
  if (error.code === 'ETOOLARGE') {
    return { ...error, message: `the suite stopped reading after ${readCapBytes / 1024 / 1024} MiB (its read cap): the body is larger (HTTP ${outcome.headersStatus ?? '?'})` };
  }
  if (outcome.headersStatus !== undefined && (error.kind === 'reset' || error.kind === 'other')) {
    // Status line and headers came, the body did not finish.
    const of = outcome.expectedLength !== undefined ? ` of ${outcome.expectedLength}` : '';
    return { ...error, kind: 'reset', message: `truncated body: connection closed after ${outcome.bytesReceived}${of} bytes (HTTP ${outcome.headersStatus})` };
  }
  if (error.kind === 'timeout') {
    const stage =
      outcome.headersStatus !== undefined
        ? `the suite stopped waiting: body incomplete after ${outcome.bytesReceived} bytes`
        : outcome.connected
          ? 'the suite stopped waiting: no response headers'
          : 'not connected';
    return { ...error, message: `timed out after ${timeoutMs} ms (${stage})` };
  }
  return error;
}

/** Network failures worth another try: nothing of an HTTP answer arrived, and the failure may be transient. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.headersStatus !== undefined) return false; // part of an answer came: never retry an answer
  const { kind } = classifyError(outcome.error);
  if (kind === 'refused' || kind === 'dns' || kind === 'reset') return true;
  return kind === 'timeout' && !outcome.connected; // a server that accepted and hangs is a finding, not noise
}

/** The run was stopped (SIGINT/SIGTERM): before this request went out, or while its answer was awaited. */
export function interrupted(inFlight = false): TransportError {
  return inFlight
    ? { kind: 'interrupted', message: 'the run was stopped while the answer was awaited', inFlight: true }
    : { kind: 'interrupted', message: 'not sent: the run was stopped' };
}

/** The request budget is spent: this request was not sent. */
export function budgetError(max: number): TransportError {
  return { kind: 'budget', message: `request budget of ${max} spent: request not sent` };
}
