import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { EntryAddresses, IdParams, Source, SourceName, SourceTypeView } from '../schemas.ts';
import { sourceEntryAddresses } from '../../applications/entry-addresses.ts';
import { audited } from '../audited.ts';
import { externalDeps, SOURCE_TYPES, SOURCE_TYPE_NAMES, sourcePolicyOf, sourceType } from '../../identity/registry.ts';
import { changedTrustField, trustDefaults } from '../../sources/trust-rules.ts';
import { sourceTypeView } from '../../sources/type-view.ts';
import { createSource, deleteSource, getSourceRow, listSources, loadSourceConfig, toSourceView, updateSource } from '../../sources/source-store.ts';
import type { SourceTypesView } from '../../sources/views.ts';
import { recordAudit } from '../../audit/audit.ts';
import { actorOf } from '../auth.ts';
import { can } from '../roles.ts';
import { fail, invalid } from '../../errors.ts';

const tags = ['authentication sources'];

/** One branch per source type, picked by `type`, so a bad field is reported against the right type. */
const SourceCreate = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: SOURCE_TYPES.map((def) =>
    Type.Object(
      {
        type: Type.Literal(def.type),
        name: SourceName,
        config: def.configSchema.required?.length ? def.configSchema : Type.Optional(def.configSchema),
      },
      { additionalProperties: false, title: `${def.label} source` },
    ),
  ),
} as const;

const SourcePatch = Type.Object(
  {
    name: Type.Optional(SourceName),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "Fields of the source type's configuration to change; a secret left out keeps its value",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
const SourceQuery = Type.Object({ type: Type.Optional(Type.Union(SOURCE_TYPE_NAMES.map((n) => Type.Literal(n)))) }, { additionalProperties: false });
const ConnectionTestResult = Type.Object({
  ok: Type.Boolean(),
  code: Type.Optional(Type.String()),
  message: Type.String(),
  upstreamCode: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
});

/**
 * Only a super admin sets or changes whom a source trusts (src/sources/trust.ts): anyone else creates
 * a source with the defaults and changes its other fields only. The refusal names the field.
 */
function assertMayChangeTrust(request: FastifyRequest, field: string | undefined) {
  if (field === undefined || can(request.admin!.role, 'source_trust:write')) return;
  throw fail(
    'source.trust_settings_forbidden',
    'Only a super admin can set or change who this source trusts: the organisation, the DingTalk app, auto-bind, what happens to people who are not associated, and the API addresses.',
    { field: `/config${field}` },
  );
}

export async function sourceRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store, secretBox, config } = ctx;
  const policy = sourcePolicyOf(config);
  const deps = externalDeps(ctx, app.log);
  const view = (row: Parameters<typeof toSourceView>[0]) => toSourceView(row, config.publicUrl);
  const typeViews = SOURCE_TYPES.map(sourceTypeView);

  app.get(
    '/source-types',
    {
      config: { permission: 'sources:read' },
      schema: {
        tags,
        summary: 'The kinds of authentication source: their configuration fields, defaults, and how the console asks for them',
        response: {
          200: Type.Object({
            items: Type.Array(SourceTypeView),
            policy: Type.Object({ allowCustomEndpoints: Type.Boolean() }, { description: "The operator's rules for every source" }),
            customEndpointsAllowed: Type.Boolean({ description: "Whether sources may use API base URLs other than their vendor's own (the operator's PORTICO_DINGTALK_CUSTOM_ENDPOINTS)" }),
          }),
        },
      },
    },
    async (): Promise<SourceTypesView> => ({ items: typeViews, policy, customEndpointsAllowed: policy.allowCustomEndpoints }),
  );

  app.get<{ Querystring: Static<typeof SourceQuery> }>(
    '/sources',
    { config: { permission: 'sources:read' }, schema: { tags, summary: 'List authentication sources', querystring: SourceQuery, response: { 200: Type.Object({ items: Type.Array(Source) }) } } },
    async (request) => ({ items: (await listSources(store.db, request.query)).map(view) }),
  );

  app.post<{ Body: { type: string; name: string; config?: Record<string, unknown> } }>(
    '/sources',
    { config: { permission: 'sources:write' }, schema: { tags, summary: 'Add an authentication source (secrets are write-only)', body: SourceCreate, response: { 201: Source } } },
    async (request, reply) => {
      const def = sourceType(request.body.type);
      const defaults = trustDefaults(def);
      assertMayChangeTrust(request, changedTrustField(Object.keys(defaults), defaults, request.body.config ?? {}));
      const created = await audited(store, request, async (tx) => {
        const row = await createSource(tx, secretBox, policy, request.body);
        // A new way to sign in: a security event.
        return { result: view(row), action: 'source.create', target: { type: 'source', id: row.id }, after: view(row), category: 'security' };
      });
      return reply.status(201).send(created);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/sources/:id',
    { config: { permission: 'sources:read' }, schema: { tags, summary: 'Get an authentication source', params: IdParams, response: { 200: Source } } },
    async (request) => view(await getSourceRow(store.db, request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/sources/:id/entry-addresses',
    {
      config: { permission: 'sources:read' },
      schema: {
        tags,
        summary: "Where the source's upstream opens each application that enables it (a DingTalk workbench's homepage address); none for a type without such a place",
        params: IdParams,
        response: { 200: EntryAddresses },
      },
    },
    async (request) => ({ items: await sourceEntryAddresses(store.db, request.params.id, config.publicUrl) }),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof SourcePatch> }>(
    '/sources/:id',
    { config: { permission: 'sources:write' }, schema: { tags, summary: 'Change an authentication source', params: IdParams, body: SourcePatch, response: { 200: Source } } },
    async (request) =>
      audited(store, request, async (tx) => {
        const current = await getSourceRow(tx, request.params.id);
        const type = sourceType(current.type);
        // A trust field stored before it existed holds its default: setting that value changes nothing.
        const trustChange = changedTrustField(type.trustFields, { ...trustDefaults(type), ...JSON.parse(current.config) }, request.body.config ?? {});
        assertMayChangeTrust(request, trustChange);
        const { before, after } = await updateSource(tx, secretBox, policy, request.params.id, request.body);
        return {
          result: view(after),
          action: 'source.update',
          target: { type: 'source', id: after.id },
          before: view(before),
          after: view(after),
          category: trustChange === undefined ? 'admin' : 'security',
        };
      }),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/sources/:id/test',
    {
      config: { permission: 'sources:write' },
      schema: {
        tags,
        summary: "Test connection: reach the source's upstream (DingTalk, an identity provider) with the stored configuration",
        params: IdParams,
        response: { 200: ConnectionTestResult },
      },
    },
    async (request) => {
      const { row, config: sourceConfig } = await loadSourceConfig(store.db, secretBox, request.params.id);
      const { external } = sourceType(row.type);
      if (!external) throw invalid('source.not_testable', 'This source signs people in here: there is nothing to connect to.');
      let result;
      try {
        result = await external.testConnection({ sourceId: row.id, config: sourceConfig, deps });
      } catch (error) {
        throw external.failure(error);
      }
      await recordAudit(store.db, actorOf(request), {
        category: 'admin',
        action: 'source.test_connection',
        target: { type: 'source', id: request.params.id },
        outcome: result.ok ? 'success' : 'failure',
        reason: result.code,
      });
      return result;
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/sources/:id',
    { config: { permission: 'sources:write' }, schema: { tags, summary: 'Delete a source that no application uses (its bindings go with it)', params: IdParams } },
    async (request, reply) => {
      await audited(store, request, async (tx) => {
        const before = await deleteSource(tx, request.params.id);
        return { result: undefined, action: 'source.delete', target: { type: 'source', id: before.id }, before: view(before), category: 'security' };
      });
      return reply.status(204).send();
    },
  );
}
