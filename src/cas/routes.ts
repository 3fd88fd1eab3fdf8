/**
 * Portico's CAS 3.0 server (https://apereo.github.io/cas/ CAS Protocol 3.0 Specification): /cas/login
 * hands a browser's sign-in to the application's login page (its Login Configuration, second-factor
 * policy and the SSO session, like every protocol) and sends it back to the service with a ticket;
 * the service's server validates the ticket once at /cas/serviceValidate or /cas/p3/serviceValidate
 * (with attributes). No proxy tickets: /proxyValidate and /proxy are not offered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginServices } from '../login/context.ts';
import { USER_CENTER_SIGN_IN } from '../login/context.ts';
import { protocolHandoff } from '../login/handoff.ts';
import type { SsoSession } from '../login/session.ts';
import { recordLoginEvent } from '../login/events.ts';
import { canSignIn } from '../directory/users.ts';
import { fail } from '../errors.ts';
import { sendPage } from '../pages/send.ts';
import { setUpPages } from '../pages/plugin.ts';
import { signingOutBody, signingOutCsp, SIGNING_OUT_SCRIPT } from '../login/pages/signing-out.ts';
import { CAS_MOUNT_PATH, casProtocol, casSettingsOf } from '../protocols/cas/protocol.ts';
import { parseService, serviceAllowed } from '../protocols/cas/services.ts';
import type { CasUserField } from '../protocols/cas/views.ts';
import { userFieldValue } from '../directory/user-fields.ts';
import { issueTicket, takeTicket } from './tickets.ts';
import { failureAnswer, successAnswer, type CasAnswer, type CasAttributes, type CasFailureCode } from './responses.ts';

interface LoginQuery {
  service?: string;
  renew?: string;
  gateway?: string;
}
interface ValidateQuery {
  service?: string;
  ticket?: string;
  renew?: string;
  format?: string;
}
/** CAS 3.0 §2.1.1: a parameter is set when present with any value but `false` (the spec's examples use `true`). */
const truthy = (v: unknown) => v !== undefined && v !== 'false';

/** The service URL with the ticket added to its query (before any fragment), the rest of it left exactly as the client sent it. */
function withTicket(service: URL, ticket: string): string {
  const [base, hash] = [service.href.replace(/#.*$/, ''), service.hash];
  return `${base}${service.search ? '&' : '?'}ticket=${encodeURIComponent(ticket)}${hash}`;
}


export function casRoutes(app: FastifyInstance, s: LoginServices) {
  const { db } = s.ctx.store;
  const { shortLived } = s.ctx;

  /** The CAS application whose service URLs allow this one (the first created, should two). */
  async function applicationFor(service: URL) {
    const rows = await db.selectFrom('applications').select(['id', 'name', 'protocol_settings']).where('protocol', '=', casProtocol.name).orderBy('created_at').orderBy('id').execute();
    return rows.find((r) => casSettingsOf(r).services.some((rule) => serviceAllowed(rule, service)));
  }

  /** The service and its application, or an error page: never a redirect to a service nobody registered (an open redirect). */
  async function serviceOf(raw: unknown) {
    const url = parseService(raw);
    const application = url && (await applicationFor(url));
    if (!url || !application) throw fail('cas.unknown_service', 'No application here uses this service address. Check the link, or ask your administrator to register it.');
    return { url, application };
  }

  const handoff = protocolHandoff<{ service: string; renew: boolean }>(s, { name: 'cas', resumePath: casProtocol.resumePath });

  /** Signed in: a ticket for the service, after any second factor the application asks of this session (given at /login/factor, back at `here`). */
  async function ticketFor(request: FastifyRequest, reply: FastifyReply, applicationId: string, service: URL, session: SsoSession, fresh: boolean, here: string) {
    if (await handoff.stepUp(request, reply, applicationId, session, here)) return reply;
    const ticket = await issueTicket(shortLived, { applicationId, service: service.href, userId: session.userId, fresh, authTime: session.createdAt });
    await recordLoginEvent(db, request, { action: 'cas.ticket', outcome: 'success', reason: 'cas.ticket_issued', userId: session.userId, applicationId });
    return reply.redirect(withTicket(service, ticket), 303);
  }

  app.get<{ Querystring: LoginQuery }>(`${CAS_MOUNT_PATH}/login`, async (request, reply) => {
    const q = request.query;
    // Without a service, CAS shows the person's own single sign-on: here, the User Center.
    if (!q.service) return reply.redirect('/account', 303);
    const { url, application } = await serviceOf(q.service);
    const renew = truthy(q.renew);
    // §2.1.1: renew wins over gateway, and forgoes the SSO session.
    const session = renew ? undefined : await handoff.signedIn(request);
    if (session) return ticketFor(request, reply, application.id, url, session, false, request.url);
    if (truthy(q.gateway) && !renew) {
      await recordLoginEvent(db, request, { action: 'cas.ticket', outcome: 'success', reason: 'cas.gateway', applicationId: application.id });
      return reply.redirect(url.href, 303);
    }
    return handoff.toLoginPage(reply, { applicationId: application.id, service: url.href, renew, at: Date.now() });
  });

  app.get<{ Params: { handle: string } }>(`${CAS_MOUNT_PATH}/resume/:handle`, async (request, reply) => {
    const pending = await handoff.take(request.params.handle);
    if (!pending) throw fail('cas.resume_expired', 'This sign-in expired. Open the application again.');
    const session = await handoff.signedIn(request);
    const fresh = session !== undefined && session.createdAt >= pending.at;
    // Back without signing in (or, for renew, without signing in again): the login page once more.
    if (!session || (pending.renew && !fresh)) return handoff.toLoginPage(reply, pending);
    const service = new URL(pending.service);
    return ticketFor(request, reply, pending.applicationId, service, session, fresh, `${CAS_MOUNT_PATH}/login?${new URLSearchParams({ service: pending.service })}`);
  });

  async function validate(request: FastifyRequest<{ Querystring: ValidateQuery }>, reply: FastifyReply, withAttributes: boolean) {
    const q = request.query;
    const format = String(q.format ?? '').toUpperCase() === 'JSON' ? 'JSON' : 'XML';
    const answer = (a: CasAnswer) => reply.type(a.contentType).header('cache-control', 'no-store').send(a.body);
    const refuse = async (code: CasFailureCode, reason: string, description: string, o: { userId?: string; applicationId?: string } = {}) => {
      await recordLoginEvent(db, request, { action: 'cas.validate', outcome: 'failure', reason, ...o });
      return answer(failureAnswer(format, code, description));
    };
    if (typeof q.service !== 'string' || typeof q.ticket !== 'string' || !q.service || !q.ticket) return refuse('INVALID_REQUEST', 'cas.invalid_request', "Both 'service' and 'ticket' are required.");
    if (!q.ticket.startsWith('ST-')) return refuse('INVALID_TICKET_SPEC', 'cas.invalid_ticket', 'Only service tickets (ST-) are validated here.');
    const ticket = await takeTicket(shortLived, q.ticket);
    if (!ticket) return refuse('INVALID_TICKET', 'cas.invalid_ticket', `Ticket ${q.ticket.slice(0, 24)}… not recognized (unknown, expired, or used).`);
    const who = { userId: ticket.userId, applicationId: ticket.applicationId };
    if (parseService(q.service)?.href !== ticket.service) return refuse('INVALID_SERVICE', 'cas.invalid_service', 'The ticket was issued for another service; it is no longer valid.', who);
    if (truthy(q.renew) && !ticket.fresh) return refuse('INVALID_TICKET', 'cas.not_renewed', 'renew was asked, and the ticket was not issued from a fresh sign-in.', who);
    const user = await db.selectFrom('users').selectAll().where('id', '=', ticket.userId).executeTakeFirst();
    if (!user || !canSignIn(user)) return refuse('INVALID_TICKET', 'cas.user_inactive', 'The account is disabled or locked.', who);
    const application = await db.selectFrom('applications').select('protocol_settings').where('id', '=', ticket.applicationId).executeTakeFirst();
    if (!application) return refuse('INVALID_SERVICE', 'cas.invalid_service', 'The application no longer exists.', who);
    const settings = casSettingsOf(application);
    const field = (f: CasUserField) => userFieldValue(user, f);
    let attributes: CasAttributes | undefined;
    if (withAttributes) {
      attributes = { authenticationDate: new Date(ticket.authTime).toISOString(), longTermAuthenticationRequestTokenUsed: false, isFromNewLogin: ticket.fresh };
      for (const f of settings.attributes) {
        const v = field(f);
        if (v !== undefined) attributes[f] = v;
      }
    }
    await recordLoginEvent(db, request, { action: 'cas.validate', outcome: 'success', reason: 'cas.ticket_validated', ...who });
    return answer(successAnswer(format, field(settings.userField) ?? user.id, attributes));
  }

  app.get<{ Querystring: ValidateQuery }>(`${CAS_MOUNT_PATH}/serviceValidate`, (request, reply) => validate(request, reply, false));
  app.get<{ Querystring: ValidateQuery }>(`${CAS_MOUNT_PATH}/p3/serviceValidate`, (request, reply) => validate(request, reply, true));

  // §2.3: ends the SSO session; back to the service when it is a registered one, else Portico's sign-in.
  app.get<{ Querystring: { service?: string } }>(`${CAS_MOUNT_PATH}/logout`, async (request, reply) => {
    const current = await s.sessions.read(request);
    const frames = await s.sessions.end(request, reply);
    if (current) await recordLoginEvent(db, request, { action: 'logout', outcome: 'success', reason: 'session.ended', userId: current.session.userId });
    const service = parseService(request.query.service);
    const next = service && (await applicationFor(service)) ? service.href : USER_CENTER_SIGN_IN;
    if (!frames.length) return reply.redirect(next, 303);
    reply.header('content-security-policy', signingOutCsp(frames));
    return sendPage(request, reply, (t) => t('logout.signingOut'), (t) => signingOutBody(t, { frames, next }), 200, [SIGNING_OUT_SCRIPT]);
  });
}

export async function casPlugin(app: FastifyInstance, { login }: { login: LoginServices }) {
  // The browser's steps fail with a page (an unknown service: an error page, never a redirect).
  await setUpPages(app, { signInHref: USER_CENTER_SIGN_IN });
  casRoutes(app, login);
}
