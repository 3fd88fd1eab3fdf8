/**
 * SP-initiated single logout (SAML Profiles §4.4): /saml/slo takes an SP's signed LogoutRequest over
 * HTTP-Redirect or HTTP-POST, ends the Portico sessions it names (by SessionIndex, as Portico's
 * Responses gave it, or this browser's) when they are its principal's, tells the other protocols as
 * every sign-out does (OpenID Connect applications get their logout tokens or pages), and answers with
 * a signed LogoutResponse to the SP's SingleLogoutService by the same binding.
 *
 * Portico does not itself send LogoutRequests on to other SAML SPs of the session: they keep their own
 * sessions until those end (README, SAML).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../login/context.ts';
import { HANDOFF_TTL_MS } from '../login/handoff.ts';
import { sessionIdOf, type SsoSession } from '../login/session.ts';
import { recordLoginEvent } from '../login/events.ts';
import { signingOutBody, signingOutCsp, SIGNING_OUT_SCRIPT } from '../login/pages/signing-out.ts';
import { fail } from '../errors.ts';
import { sendPage } from '../pages/send.ts';
import { SAML_MOUNT_PATH, samlIdpEntityId } from '../protocols/saml/protocol.ts';
import { samlApplication } from './applications.ts';
import { activeSigningKey } from './keys.ts';
import { logoutAnswer, readLogoutRequest, type LogoutAnswer, type LogoutRequest, type SloBinding } from './logout.ts';
import { isNameIdOf } from './name-id.ts';
import { postToSp } from './post-form.ts';
import { relayStateOf, takeOnce } from './sp-request.ts';
import { postSignature, redirectSignature, type SpSignature } from './sp-signature.ts';
import { decodeMessage } from './xml.ts';

export const SAML_SLO_PATH = `${SAML_MOUNT_PATH}/slo`;
/** SessionIndexes one LogoutRequest may name: Portico gives one per sign-in, an SP rarely holds more than a few. */
const MAX_SESSION_INDEXES = 10;

export function samlLogoutRoutes(app: FastifyInstance, s: LoginServices) {
  const { db } = s.ctx.store;
  const { shortLived, secretBox, config } = s.ctx;
  const idpEntityId = samlIdpEntityId(config.publicUrl);
  const here = config.publicUrl + SAML_SLO_PATH;
  const continueKey = (handle: string) => `saml-slo:${handle}`;

  /** Sends the LogoutResponse: a redirect, or the page that posts it. */
  const deliver = (request: FastifyRequest, reply: FastifyReply, answer: LogoutAnswer, relayState?: string) =>
    answer.binding === 'redirect' ? reply.redirect(answer.location, 303) : postToSp(request, reply, answer.url, answer.samlResponse, relayState);

  async function slo(request: FastifyRequest, reply: FastifyReply, r: LogoutRequest, binding: SloBinding, relayStateIn: unknown, signature: SpSignature) {
    const { id: appId, settings } = await samlApplication(db, { entityId: r.issuer });
    if (!settings.sloUrl || !settings.spCertificate) throw fail('saml.slo_not_configured', 'This application has no single logout here. Sign out of Portico from your account page.');
    // Profiles §4.4.4.1: a LogoutRequest over a front-channel binding must be signed.
    if (!signature.present) throw fail('saml.signature_required', 'A LogoutRequest must be signed; this one is not.');
    signature.check(settings.spCertificate);
    await takeOnce(shortLived, r, here);
    if (r.notOnOrAfter && !(Date.parse(r.notOnOrAfter) > Date.now())) throw fail('saml.invalid_request', 'The LogoutRequest has expired (NotOnOrAfter).');
    if (r.sessionIndexes.length > MAX_SESSION_INDEXES) throw fail('saml.invalid_request', `The LogoutRequest names more than ${MAX_SESSION_INDEXES} sessions.`);

    /** A session is ended only when it is the principal's: the NameID must be the person's at this SP. */
    const holds = async (session: SsoSession) => {
      const user = await db.selectFrom('users').select(['id', 'username', 'email', 'mobile', 'employee_number', 'display_name']).where('id', '=', session.userId).executeTakeFirst();
      return user !== undefined && isNameIdOf(r.nameId, user, settings);
    };
    const current = await s.sessions.read(request);
    const currentId = current && sessionIdOf(current.token);
    const targets = r.sessionIndexes.length ? r.sessionIndexes : currentId ? [currentId] : [];
    const frames: string[] = [];
    let endedFor: string | undefined;
    for (const id of new Set(targets)) {
      if (id === currentId && current) {
        if (!(await holds(current.session))) continue;
        frames.push(...(await s.sessions.end(request, reply)));
        endedFor = current.session.userId;
      } else {
        const ended = await s.sessions.endById(id, holds);
        if (!ended) continue;
        frames.push(...ended.frames);
        endedFor = ended.userId;
      }
    }
    await recordLoginEvent(db, request, { action: 'logout', outcome: 'success', reason: endedFor ? 'saml.logout' : 'saml.logout_no_session', userId: endedFor, applicationId: appId });

    const relayState = relayStateOf(relayStateIn);
    const answer = logoutAnswer(binding, { idpEntityId, sloUrl: settings.sloUrl, inResponseTo: r.id, relayState }, await activeSigningKey(db, secretBox));
    if (!frames.length) return deliver(request, reply, answer, relayState);
    // Applications signed out in the browser first (front-channel logout), then the LogoutResponse.
    let next: string;
    if (answer.binding === 'redirect') next = answer.location;
    else {
      const handle = randomBytes(18).toString('base64url');
      await shortLived.set(continueKey(handle), { answer, relayState }, HANDOFF_TTL_MS);
      next = `${SAML_SLO_PATH}/continue/${handle}`;
    }
    reply.header('content-security-policy', signingOutCsp(frames));
    return sendPage(request, reply, (t) => t('logout.signingOut'), (t) => signingOutBody(t, { frames, next }), 200, [SIGNING_OUT_SCRIPT]);
  }

  app.get<{ Querystring: Record<string, string> }>(SAML_SLO_PATH, async (request, reply) => {
    const r = readLogoutRequest(decodeMessage(request.query.SAMLRequest, true));
    return slo(request, reply, r, 'redirect', request.query.RelayState, redirectSignature(request.query, request.raw.url));
  });

  app.post<{ Body: Record<string, string> }>(SAML_SLO_PATH, async (request, reply) => {
    const r = readLogoutRequest(decodeMessage(request.body?.SAMLRequest, false));
    return slo(request, reply, r, 'post', request.body?.RelayState, postSignature(r));
  });

  /** After the signing-out page: the LogoutResponse to post, once. */
  app.get<{ Params: { handle: string } }>(`${SAML_SLO_PATH}/continue/:handle`, async (request, reply) => {
    const kept = await shortLived.take<{ answer: LogoutAnswer; relayState?: string }>(continueKey(request.params.handle));
    if (!kept) throw fail('saml.resume_expired', 'This sign-out expired. You are signed out of Portico.');
    return deliver(request, reply, kept.answer, kept.relayState);
  });
}
