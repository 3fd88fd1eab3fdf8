/**
 * A lean HTTP/1.1 client for load: keep-alive connections (one pool per origin), a cookie jar per
 * virtual user, redirects not followed. Lighter than fetch, so the driver leaves the CPU to Portico.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  location?: string;
  body: string;
  setCookies: string[];
}

export function createAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function request(agent: http.Agent, method: string, url: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...o.headers };
    if (o.body !== undefined) headers['content-length'] = Buffer.byteLength(o.body);
    const req = http.request({ agent, host: target.hostname, port: target.port, method, path: target.pathname + target.search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString(), setCookies: setCookie });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** One browser's cookies for one origin. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(answer: Answer): void {
    for (const line of answer.setCookies) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expires = /;\s*expires=([^;]+)/i.exec(line)?.[1];
      if (!value || /;\s*max-age=0\b/i.test(line) || (expires && Date.parse(expires) < Date.now())) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/** A virtual user: requests to one origin with its cookies, remembering what it is sent. */
export function browserFor(agent: http.Agent, base: string, o: { userAgent?: string } = {}) {
  const jar = new CookieJar();
  const send = async (method: string, path: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { 'accept-language': 'en', ...(o.userAgent ? { 'user-agent': o.userAgent } : {}) };
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const answer = await request(agent, method, path.startsWith('http') ? path : base + path, { headers, body });
    jar.take(answer);
    return answer;
  };
  return { get: (path: string) => send('GET', path), post: (path: string, form: Record<string, string>) => send('POST', path, form) };
}

export type VirtualBrowser = ReturnType<typeof browserFor>;

export async function json(agent: http.Agent, method: string, url: string, body?: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const answer = await request(agent, method, url, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return answer.body ? JSON.parse(answer.body) : undefined;
}
