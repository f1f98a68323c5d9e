/**
 * A tiny forward proxy on loopback, as a CI runner's egress proxy: absolute-URI requests are forwarded (http
 * targets), CONNECT opens a tunnel (https targets). Records what it saw. TEST ONLY.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** Absolute URLs of the forwarded requests, with the headers they arrived with. */
  readonly forwarded: Array<{ url: string; headers: http.IncomingHttpHeaders }>;
  /** host:port of every CONNECT tunnel, with its Proxy-Authorization (if any). */
  readonly tunnels: Array<{ target: string; proxyAuthorization?: string }>;
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const forwarded: ForwardProxy['forwarded'] = [];
  const tunnels: ForwardProxy['tunnels'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    if (!/^http:\/\//i.test(req.url ?? '')) {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    forwarded.push({ url: req.url!, headers: req.headers });
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = http.request(req.url!, { method: req.method, headers, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.rawHeaders);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
