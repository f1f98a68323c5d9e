/** A raw HTTP(S) request for the reference server's tests: path, method and headers go out exactly as given. */
import http from 'node:http';
import https from 'node:https';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  json: any;
  /** Set (with status 0) by callers that turn a transport error into a reply. */
  error?: string;
}

/** Rejects on a transport error (TLS tests assert the error code). */
export function rawRequest(
  url: URL,
  rawPath: string,
  headers: Record<string, string>,
  opts: { method?: string; ca?: string } = {},
): Promise<Reply> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      { host: url.hostname, port: url.port, path: rawPath, method: opts.method ?? 'GET', headers, ca: opts.ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
