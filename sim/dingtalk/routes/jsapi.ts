// The simulated container's JSAPI: the script pages load, and the endpoint its requestAuthCode calls to mint
// a 免登 code for the person signed in to the simulated client (ref §3.2; a real client does this internally).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedInUser } from '../client-session.ts';
import { jsonBody, stringField, type SimContext } from '../context.ts';
import { sendJson } from '../errors.ts';
import { jsapiScript } from '../jsapi.ts';

/** Pages cache the script like DingTalk's CDN copy; it changes only with the simulator. */
const SCRIPT_MAX_AGE_S = 3600;

// DingTalk's requestAuthCode error codes are not in our sources (UNCONFIRMED): '3' (no permission) for both.
const NOT_SIGNED_IN = { errorCode: '3', errorMessage: 'nobody is signed in to the DingTalk client' };
const OTHER_ORG = { errorCode: '3', errorMessage: "corpId is not the signed-in person's organisation" };

/** The page calling is on another origin (Portico): reflect it, with credentials, so the client cookie goes along. */
function allowCaller(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return;
  reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
}

export function registerJsapiRoutes(app: FastifyInstance, ctx: SimContext): void {
  const script = jsapiScript();
  app.get('/jsapi/dingtalk.open.js', async (_request, reply) => reply.code(200)
    .header('content-type', 'application/javascript; charset=utf-8').header('cache-control', `public, max-age=${SCRIPT_MAX_AGE_S}`).send(script));

  app.options('/jsapi/auth-code', async (request, reply) => {
    allowCaller(request, reply);
    return reply.code(204).header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600').send();
  });

  app.post('/jsapi/auth-code', async (request, reply) => {
    allowCaller(request, reply);
    const corpId = stringField(jsonBody(request), 'corpId');
    if (!corpId) return sendJson(reply, 400, { errorCode: '-1', errorMessage: 'corpId is required' });
    const user = signedInUser(ctx.world, request);
    if (!user) return sendJson(reply, 401, NOT_SIGNED_IN);
    if (user.corpId !== corpId) return sendJson(reply, 403, OTHER_ORG);
    return sendJson(reply, 200, { code: ctx.world.issueInAppCode(corpId, user.unionId).code });
  });
}
