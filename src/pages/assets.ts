/** Static files pages load (styles, small scripts), read once at start and cached by browsers for an hour. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Serves each file at /assets/<its name>. */
export function serveAssets(app: FastifyInstance, files: URL[]) {
  for (const file of files) {
    const name = path.basename(fileURLToPath(file));
    const body = readFileSync(file);
    const type = TYPES[path.extname(name)];
    app.get(`/assets/${name}`, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=3600').send(body));
  }
}
