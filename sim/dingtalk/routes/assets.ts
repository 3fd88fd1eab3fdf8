// The simulator's own pages and assets: GET / (what this is), SVG avatars, the login loaders.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { ddLoginLegacyScript, dtFrameLoginScript } from '../ddlogin.ts';
import { homePage } from '../pages/home.ts';
import { escapeHtml, sendHtml } from '../pages/layout.ts';

const COLORS = ['#0089ff', '#00b578', '#ff8f1f', '#7f3bf5', '#fa5151', '#00b2b2', '#ec4899'];

export function avatarSvg(seed: string, label: string): string {
  const color = COLORS[createHash('sha256').update(seed).digest()[0] % COLORS.length];
  const chars = [...label.trim()];
  const text = escapeHtml((/[\u4e00-\u9fff]/.test(label) ? chars.slice(-2).join('') : (chars[0] ?? '?').toUpperCase()) || '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">`
    + `<rect width="96" height="96" rx="48" fill="${color}"/>`
    + `<text x="48" y="50" font-family="PingFang SC,Microsoft YaHei,sans-serif" font-size="32" fill="#fff" text-anchor="middle" dominant-baseline="middle">${text}</text></svg>`;
}

export function registerAssetRoutes(app: FastifyInstance, ctx: SimContext): void {
  // Not snapshot(): copying a 100,000-person org for a page that shows 200 of them would take seconds.
  app.get('/', async (request, reply) => {
    const w = ctx.world;
    const world = { orgs: [...w.orgs.values()], users: [...w.users.values()], apps: [...w.apps.values()] };
    return sendHtml(reply, 200, homePage(world, ctx.baseUrl(request)));
  });

  app.get<{ Params: { file: string } }>('/sim/avatar/:file', async (request, reply) => {
    const unionId = request.params.file.replace(/\.svg$/, '');
    const user = ctx.world.users.get(unionId);
    return reply.code(200).header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300')
      .send(avatarSvg(unionId, user?.name ?? '?'));
  });

  app.get('/sim/ddlogin.js', async (request, reply) => reply.code(200)
    .header('content-type', 'application/javascript; charset=utf-8').send(dtFrameLoginScript(ctx.baseUrl(request))));
  app.get('/sim/ddlogin-legacy.js', async (request, reply) => reply.code(200)
    .header('content-type', 'application/javascript; charset=utf-8').send(ddLoginLegacyScript(ctx.baseUrl(request))));

  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
}
