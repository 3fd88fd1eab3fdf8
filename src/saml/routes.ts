/**
 * Portico's SAML 2.0 identity provider (Web Browser SSO Profile, SP-initiated): /saml/metadata,
 * and /saml/sso taking AuthnRequests over HTTP-Redirect and HTTP-POST. The request is checked (its SP,
 * signature, ACS URL, destination, age, single use), the person signs in at the application's login
 * page (its Login Configuration, second-factor policy and the SSO session, like every protocol), and
 * the signed Response goes to the ACS URL by HTTP-POST with the RelayState. /saml/start/<application>
 * begins an IdP-initiated sign-in (My applications). The assertion is encrypted for SPs that ask (./encrypt.ts).
 * Single logout: ./logout-routes.ts.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../login/context.ts';
import { USER_CENTER_SIGN_IN } from '../login/context.ts';
import { HANDOFF_TTL_MS, protocolHandoff } from '../login/handoff.ts';
import { sessionIdOf, type SsoSession } from '../login/session.ts';
import { recordLoginEvent } from '../login/events.ts';
import { fail } from '../errors.ts';
import { setUpPages } from '../pages/plugin.ts';
import { SAML_MOUNT_PATH, samlIdpEntityId, samlProtocol } from '../protocols/saml/protocol.ts';
import type { SamlApplicationSettings, SamlUserField } from '../protocols/saml/views.ts';
import { activeSigningKey, publishedCertificates } from './keys.ts';
import { userFieldValue } from '../directory/user-fields.ts';
import { idpMetadata } from './metadata.ts';
import { readAuthnRequest, type AuthnRequest } from './authn-request.ts';
import { postSignature, redirectSignature, type SpSignature } from './sp-signature.ts';
import { decodeMessage } from './xml.ts';
import { relayStateOf, takeOnce } from './sp-request.ts';
import { samlApplication } from './applications.ts';
import { postToSp } from './post-form.ts';
import { nameIdOf } from './name-id.ts';
import { SAML_SLO_PATH, samlLogoutRoutes } from './logout-routes.ts';
import { noPassiveResponse, successResponse } from './response.ts';

/** What waits at the login page for a SAML sign-in. */
interface WaitingSso {
  acsUrl: string;
  /** The AuthnRequest answered; none when Portico starts the sign-in (My applications). */
  requestId?: string;
  relayState?: string;
  forceAuthn: boolean;
}


export function samlRoutes(app: FastifyInstance, s: LoginServices) {
  const { db } = s.ctx.store;
  const { shortLived, secretBox, config } = s.ctx;
  const idpEntityId = samlIdpEntityId(config.publicUrl);
  const ssoUrl = `${config.publicUrl}${SAML_MOUNT_PATH}/sso`;
  const handoff = protocolHandoff<WaitingSso>(s, { name: 'saml', resumePath: samlProtocol.resumePath });
  const answerKey = (handle: string) => `saml-answer:${handle}`;

  app.get(`${SAML_MOUNT_PATH}/metadata`, async (_request, reply) => {
    await activeSigningKey(db, secretBox);
    const xml = idpMetadata({ entityId: idpEntityId, ssoUrl, sloUrl: config.publicUrl + SAML_SLO_PATH, certificates: await publishedCertificates(db) });
    return reply.type('application/samlmetadata+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });

  /** The signing certificate (PEM) for an SP administrator who pastes it rather than loading the metadata. */
  app.get(`${SAML_MOUNT_PATH}/certificate`, async (_request, reply) => {
    const { certificate } = await activeSigningKey(db, secretBox);
    return reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="portico-saml-idp.pem"').header('cache-control', 'public, max-age=300').send(certificate);
  });

  /** The ACS URL the response goes to: the one the request names, if registered, or by index, or the default (never an unregistered one). */
  function acsOf(r: AuthnRequest, settings: SamlApplicationSettings): string {
    const url = r.acsUrl ?? settings.acsUrls[r.acsIndex ?? 0];
    if (!url || !settings.acsUrls.includes(url)) throw fail('saml.unknown_acs', 'The request names an Assertion Consumer Service URL the application did not register.');
    return url;
  }

  /** Every check a request passes before anyone is signed in for it. */
  async function accepted(r: AuthnRequest, settings: SamlApplicationSettings, signature: SpSignature) {
    if (signature.present && settings.spCertificate) signature.check(settings.spCertificate);
    else if (settings.requireSignedRequests) throw fail('saml.signature_required', 'This application signs its AuthnRequests; this one is not signed.');
    await takeOnce(shortLived, r, ssoUrl);
    return acsOf(r, settings);
  }

  /**
   * Signed in: the Response for the request, after any second factor the application asks of this
   * session (the request then waits under a handle, and /saml/answer/<handle> comes back to it).
   */
  async function respond(request: FastifyRequest, reply: FastifyReply, appId: string, settings: SamlApplicationSettings, session: SsoSession, w: WaitingSso) {
    const keep = async () => {
      const handle = randomBytes(18).toString('base64url');
      await shortLived.set(answerKey(handle), { ...w, applicationId: appId }, HANDOFF_TTL_MS);
      return `${SAML_MOUNT_PATH}/answer/${handle}`;
    };
    if (await handoff.stepUp(request, reply, appId, session, keep)) return reply;
    const user = await db.selectFrom('users').selectAll().where('id', '=', session.userId).executeTakeFirstOrThrow();
    const field = (f: SamlUserField) => userFieldValue(user, f);
    const nameId = nameIdOf(user, settings);
    const current = await s.sessions.read(request);
    const xml = successResponse(
      {
        idpEntityId,
        spEntityId: settings.entityId,
        acsUrl: w.acsUrl,
        inResponseTo: w.requestId,
        nameId,
        nameIdFormat: settings.nameIdFormat,
        authnInstant: session.createdAt,
        sessionIndex: current ? sessionIdOf(current.token) : `_${randomBytes(16).toString('hex')}`,
        amr: session.amr,
        attributes: settings.attributeStatement.flatMap((a) => {
          const value = field(a.field);
          return value === undefined ? [] : [{ name: a.name, format: a.format, value }];
        }),
        signAssertion: settings.signAssertion,
        signResponse: settings.signResponse,
        encryptAssertion: settings.encryptAssertion,
        encryptionCertificate: settings.encryptionCertificate,
      },
      await activeSigningKey(db, secretBox),
    );
    await recordLoginEvent(db, request, { action: 'saml.sso', outcome: 'success', reason: 'saml.response_issued', userId: session.userId, applicationId: appId });
    return postToSp(request, reply, w.acsUrl, xml, w.relayState);
  }

  async function sso(request: FastifyRequest, reply: FastifyReply, r: AuthnRequest, relayState: unknown, signature: SpSignature) {
    const { id: appId, settings } = await samlApplication(db, { entityId: r.issuer });
    const acsUrl = await accepted(r, settings, signature);
    const waiting: WaitingSso = { acsUrl, requestId: r.id, relayState: relayStateOf(relayState), forceAuthn: r.forceAuthn };
    const session = r.forceAuthn ? undefined : await handoff.signedIn(request);
    if (session) return respond(request, reply, appId, settings, session, waiting);
    if (r.isPassive) {
      await recordLoginEvent(db, request, { action: 'saml.sso', outcome: 'success', reason: 'saml.no_passive', applicationId: appId });
      return postToSp(request, reply, acsUrl, noPassiveResponse({ idpEntityId, acsUrl, inResponseTo: r.id }, await activeSigningKey(db, secretBox)), waiting.relayState);
    }
    return handoff.toLoginPage(reply, { ...waiting, applicationId: appId, at: Date.now() });
  }

  app.get<{ Querystring: Record<string, string> }>(`${SAML_MOUNT_PATH}/sso`, async (request, reply) => {
    const r = readAuthnRequest(decodeMessage(request.query.SAMLRequest, true));
    return sso(request, reply, r, request.query.RelayState, redirectSignature(request.query, request.raw.url));
  });

  app.post<{ Body: Record<string, string> }>(`${SAML_MOUNT_PATH}/sso`, async (request, reply) => {
    const r = readAuthnRequest(decodeMessage(request.body?.SAMLRequest, false));
    return sso(request, reply, r, request.body?.RelayState, postSignature(r));
  });

  /** IdP-initiated (My applications): an unsolicited Response to the application's default ACS URL, after a sign-in when needed. */
  app.get<{ Params: { id: string } }>(`${SAML_MOUNT_PATH}/start/:id`, async (request, reply) => {
    const { id: appId, settings } = await samlApplication(db, { id: request.params.id });
    const waiting: WaitingSso = { acsUrl: settings.acsUrls[0], forceAuthn: false };
    const session = await handoff.signedIn(request);
    if (session) return respond(request, reply, appId, settings, session, waiting);
    return handoff.toLoginPage(reply, { ...waiting, applicationId: appId, at: Date.now() });
  });

  /** Back from the login page: the Response, once (a fresh sign-in when ForceAuthn asked for one). */
  app.get<{ Params: { handle: string } }>(`${SAML_MOUNT_PATH}/resume/:handle`, async (request, reply) => {
    const w = await handoff.take(request.params.handle);
    if (!w) throw fail('saml.resume_expired', 'This sign-in expired. Open the application again.');
    const session = await handoff.signedIn(request);
    if (!session || (w.forceAuthn && session.createdAt < w.at)) return handoff.toLoginPage(reply, w);
    return respond(request, reply, w.applicationId, (await samlApplication(db, { id: w.applicationId })).settings, session, w);
  });

  /** Back from a second factor asked of the SSO session: the Response it was for. */
  app.get<{ Params: { handle: string } }>(`${SAML_MOUNT_PATH}/answer/:handle`, async (request, reply) => {
    const w = await shortLived.take<WaitingSso & { applicationId: string }>(answerKey(request.params.handle));
    const session = await handoff.signedIn(request);
    if (!w || !session) throw fail('saml.resume_expired', 'This sign-in expired. Open the application again.');
    return respond(request, reply, w.applicationId, (await samlApplication(db, { id: w.applicationId })).settings, session, w);
  });
}

export async function samlPlugin(app: FastifyInstance, { login }: { login: LoginServices }) {
  // The browser's steps fail with a page: a request from an unknown SP, or to an unregistered ACS URL, is never answered to it.
  await setUpPages(app, { signInHref: USER_CENTER_SIGN_IN });
  samlRoutes(app, login);
  samlLogoutRoutes(app, login);
}
