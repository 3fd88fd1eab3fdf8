/**
 * A loopback round-robin HTTP load balancer for multi-node tests. Each request goes to the next live
 * node on a fresh connection; the proxy retries nothing. When a node fails it answers 502 with
 * `x-proxy-failure`: `connect` (the connection was refused: nothing reached the node) or `reset`
 * (the request reached the node, which died before answering), and takes the node out of rotation.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const PROXY_FAILURE_HEADER = 'x-proxy-failure';
/** A request header the proxy copies into its log, so a test can tell which node served which flow. */
export const PROXY_TAG_HEADER = 'x-test-tag';
export type ProxyFailure = 'connect' | 'reset';

export interface ProxiedRequest {
  upstream: number;
  tag?: string;
  method: string;
  path: string;
  failure?: ProxyFailure;
}

export interface RoundRobinProxy {
  url: string;
  /** Every request in arrival order, with the node that got it. */
  readonly log: ProxiedRequest[];
  setUpstreams(urls: string[]): void;
  /** Called once a request has been handed to a node's connection. */
  onForward?: (entry: ProxiedRequest, index: number) => void;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let upstreams: { url: URL; live: boolean }[] = [];
  let next = 0;
  const log: ProxiedRequest[] = [];

  const pick = (): number | undefined => {
    for (let i = 0; i < upstreams.length; i++) {
      const candidate = (next + i) % upstreams.length;
      if (upstreams[candidate].live) {
        next = candidate + 1;
        return candidate;
      }
    }
    return undefined;
  };

  const proxy: RoundRobinProxy = {
    url: '',
    log,
    setUpstreams(urls) {
      upstreams = urls.map((u) => ({ url: new URL(u), live: true }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = http.createServer((req, res) => {
    const index = pick();
    if (index === undefined) {
      res.writeHead(503, { [PROXY_FAILURE_HEADER]: 'no_upstream' }).end();
      return;
    }
    const target = upstreams[index];
    const tag = req.headers[PROXY_TAG_HEADER];
    const entry: ProxiedRequest = { upstream: index, tag: typeof tag === 'string' ? tag : undefined, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] };
    const position = log.push(entry) - 1;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstreamReq = http.request({
      host: target.url.hostname,
      port: target.url.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-for': forwardedFor, connection: 'close' },
      agent: false,
    });
    let connected = false;
    upstreamReq.on('socket', (socket) =>
      socket.once('connect', () => {
        connected = true;
        proxy.onForward?.(entry, position);
      }),
    );
    upstreamReq.on('response', (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    upstreamReq.on('error', () => {
      target.live = false;
      entry.failure = connected ? 'reset' : 'connect';
      if (!res.headersSent) res.writeHead(502, { [PROXY_FAILURE_HEADER]: entry.failure, connection: 'close' }).end();
      else res.destroy();
    });
    req.pipe(upstreamReq);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
