import type { FastifyInstance } from 'fastify';
import type { SecondFactorPolicy } from '../../factors/views.ts';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import {
  Application,
  ApplicationCreate,
  ApplicationEndpoints,
  ApplicationPatch,
  ApplicationWithSecret,
  IdParams,
  LoginConfiguration,
  LoginConfigurationPut,
} from '../schemas.ts';
import { audited } from '../audited.ts';
import {
  createApplication,
  deleteApplication,
  getApplicationRow,
  listApplications,
  rotateApplicationSecret,
  toApplication,
  updateApplication,
} from '../../applications/applications.ts';
import { applicationProtocol, PROTOCOL_NAMES } from '../../protocols/registry.ts';
import { getLoginConfiguration, setLoginConfiguration } from '../../applications/login-configuration.ts';
import { withEntryUrls } from '../../applications/entry-addresses.ts';
import { USER_CENTER_APP_ID } from '../../store/well-known.ts';
import { fail, invalid } from '../../errors.ts';
import { getApiAccess, setApiAccess } from '../../apis/apis.ts';
import { can } from '../roles.ts';

const tags = ['applications'];

/**
 * Enabling a source on the built-in User Center is a super admin's decision: through it a source
 * reaches every user's account. Other admins may still turn sources off there and reorder them.
 */
function assertNothingEnabled(enabled: string[], requested: string[]) {
  const i = requested.findIndex((sourceId) => !enabled.includes(sourceId));
  if (i === -1) return;
  throw fail('login_configuration.user_center_forbidden', 'Only a super admin can enable a sign-in method on the User Center.', { field: `/sources/${i}` });
}
const AppQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    protocol: Type.Optional(Type.Union(PROTOCOL_NAMES.map((n) => Type.Literal(n)))),
    kind: Type.Optional(Type.Union(['user_center', ...PROTOCOL_NAMES].map((n) => Type.Literal(n)), { description: 'Before protocols: user_center, or a protocol for the applications not built in' })),
  },
  { additionalProperties: false },
);

/** The application's own fields, and the rest: its protocol's settings. */
function split<T extends { name?: string; description?: string; logoUrl?: string | null; secondFactor?: Partial<SecondFactorPolicy>; inPortal?: boolean }>(body: T) {
  const { name, description, logoUrl, secondFactor, inPortal, ...settings } = body;
  return { name, description, logoUrl, secondFactor, inPortal, settings };
}

export async function applicationRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store, secretBox } = ctx;

  app.get<{ Querystring: Static<typeof AppQuery> }>(
    '/applications',
    { config: { permission: 'applications:read' }, schema: { tags, summary: 'List applications', querystring: AppQuery, response: { 200: Type.Object({ items: Type.Array(Application) }) } } },
    async (request) => ({ items: (await (await listApplications(store.db, request.query)).execute()).map(toApplication) }),
  );

  app.post<{ Body: Static<typeof ApplicationCreate> }>(
    '/applications',
    {
      config: { permission: 'applications:write' },
      schema: { tags, summary: 'Integrate an application (a secret its protocol issues is shown once)', body: ApplicationCreate, response: { 201: ApplicationWithSecret } },
    },
    async (request, reply) => {
      const { protocol, apiAccess, ...fields } = request.body;
      const created = await audited(store, request, async (tx) => {
        const c = await createApplication(tx, secretBox, { ...split(fields), name: fields.name, protocol });
        const granted = apiAccess && { apiAccess: await setApiAccess(tx, c.application.id, apiAccess) };
        return { result: c, action: 'application.create', target: { type: 'application', id: c.application.id }, after: { ...c.application, ...granted } };
      });
      return reply.status(201).send(created);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/applications/:id',
    { config: { permission: 'applications:read' }, schema: { tags, summary: 'Get an application', params: IdParams, response: { 200: Application } } },
    async (request) => toApplication(await getApplicationRow(store.db, request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/applications/:id/endpoints',
    {
      config: { permission: 'applications:read' },
      schema: { tags, summary: "What to register in the application: Portico's addresses and identifiers for it, by its protocol", params: IdParams, response: { 200: ApplicationEndpoints } },
    },
    async (request) => {
      const row = await getApplicationRow(store.db, request.params.id);
      return { applicationId: row.id, protocol: row.protocol, endpoints: applicationProtocol(row.protocol).endpoints(row, ctx.config.publicUrl) };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof ApplicationPatch> }>(
    '/applications/:id',
    { config: { permission: 'applications:write' }, schema: { tags, summary: 'Change an application', params: IdParams, body: ApplicationPatch, response: { 200: ApplicationWithSecret } } },
    async (request) =>
      audited(store, request, async (tx) => {
        const { apiAccess, ...fields } = request.body;
        const { before, after, clientSecret } = await updateApplication(tx, secretBox, request.params.id, split(fields));
        if (apiAccess === undefined) return { result: { application: after, clientSecret }, action: 'application.update', target: { type: 'application', id: after.id }, before, after };
        if (before.builtIn) throw invalid('application.builtin_field', `The API access of the built-in ${before.name} is managed by Portico.`, '/apiAccess');
        const access = { before: await getApiAccess(tx, after.id), after: await setApiAccess(tx, after.id, apiAccess) };
        return {
          result: { application: after, clientSecret },
          action: 'application.update',
          target: { type: 'application', id: after.id },
          before: { ...before, apiAccess: access.before },
          after: { ...after, apiAccess: access.after },
        };
      }),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/applications/:id/secret',
    { config: { permission: 'applications:write' }, schema: { tags, summary: "Issue a new secret, where the application's protocol gives it one (the old one stops working)", params: IdParams, response: { 200: ApplicationWithSecret } } },
    async (request) =>
      audited(store, request, async (tx) => {
        const rotated = await rotateApplicationSecret(tx, secretBox, request.params.id);
        return { result: rotated, action: 'application.rotate_secret', target: { type: 'application', id: rotated.application.id } };
      }),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/applications/:id',
    { config: { permission: 'applications:write' }, schema: { tags, summary: 'Delete an application (not the User Center)', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const before = await deleteApplication(tx, request.params.id);
        return { result: undefined, action: 'application.delete', target: { type: 'application', id: before.id }, before };
      });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/applications/:id/login-configuration',
    {
      config: { permission: 'applications:read' },
      schema: { tags, summary: "The application's Login Configuration: every source, enabled or not, in login-page order, with the address to register in the upstream where it opens applications itself (entryUrl)", params: IdParams, response: { 200: LoginConfiguration } },
    },
    async (request) => ({ applicationId: request.params.id, methods: withEntryUrls(await getLoginConfiguration(store.db, request.params.id), request.params.id, ctx.config.publicUrl) }),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof LoginConfigurationPut> }>(
    '/applications/:id/login-configuration',
    {
      config: { permission: 'applications:write' },
      schema: { tags, summary: 'Set the enabled sources and their order', params: IdParams, body: LoginConfigurationPut, response: { 200: LoginConfiguration } },
    },
    async (request) =>
      audited(store, request, async (tx) => {
        const id = request.params.id;
        const enabledIds = (methods: { sourceId: string; enabled: boolean }[]) => methods.filter((m) => m.enabled).map((m) => m.sourceId);
        const before = await getLoginConfiguration(tx, id);
        const userCenter = id === USER_CENTER_APP_ID;
        if (userCenter && !can(request.admin!.role, 'user_center:write')) assertNothingEnabled(enabledIds(before), request.body.sources);
        await setLoginConfiguration(tx, id, request.body.sources);
        const methods = await getLoginConfiguration(tx, id);
        return {
          result: { applicationId: id, methods: withEntryUrls(methods, id, ctx.config.publicUrl) },
          action: 'application.login_configuration.update',
          target: { type: 'application', id },
          before: { enabledSources: enabledIds(before) },
          after: { enabledSources: enabledIds(methods) },
          // What signs people in to the User Center, where every account lives: a security event.
          category: userCenter ? 'security' : 'admin',
        };
      }),
  );
}
