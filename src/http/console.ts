/**
 * The Enterprise Center console at /console: the React app built into web/dist, with the SPA
 * fallback (a deep link such as /console/users/usr_1 gets index.html), content types, and
 * long-lived caching for Vite's content-hashed assets only.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fail } from '../errors.ts';

const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names everything under assets/ by content hash: a changed file gets a new name. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';
const PLAIN_CACHE = 'public, max-age=3600';
// The console talks only to its own origin; avatars (DingTalk, or the simulator in demo mode) may come from anywhere.
const CSP = "default-src 'self'; img-src 'self' data: http: https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Enterprise Center not built</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem;color:#1f2329}code{background:#f2f3f5;padding:2px 6px;border-radius:4px}</style></head>
<body><h1>The Enterprise Center console is not built yet</h1>
<p>Run <code>npm run build:web</code> in the Portico folder, then reload this page. (<code>npm start</code> builds it when it is missing.)</p>
<p lang="zh-CN">控制台尚未构建：请在 Portico 目录运行 <code>npm run build:web</code>，然后刷新本页。</p></body></html>`;

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function consolePlugin(app: FastifyInstance, { distDir = CONSOLE_DIST_DIR }: { distDir?: string }) {
  const root = path.resolve(distDir);
  const index = path.join(root, 'index.html');

  const send = async (reply: FastifyReply, file: string, cacheControl: string) =>
    reply
      .type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl)
      .header('content-security-policy', CSP)
      .send(await readFile(file));

  const sendApp = async (reply: FastifyReply) => {
    if (!(await isFile(index))) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE);
    // Always revalidated, so a new build is picked up on the next load.
    return send(reply, index, 'no-cache');
  };

  app.get('/console', async (_request, reply) => sendApp(reply));
  app.get<{ Params: { '*': string } }>('/console/*', async (request, reply) => {
    const relative = request.params['*'];
    if (!relative) return sendApp(reply);
    const file = path.resolve(root, relative);
    if (relative.includes('\0') || !file.startsWith(root + path.sep)) throw fail('route.not_found', 'No such file.');
    if (await isFile(file)) return send(reply, file, relative.startsWith('assets/') ? HASHED_CACHE : PLAIN_CACHE);
    // A missing file is a 404; anything else is a page of the app, which routes it in the browser.
    if (path.extname(relative)) throw fail('route.not_found', `No console file ${relative}.`);
    return sendApp(reply);
  });
}
