/** The Enterprise Center's back end: /api/admin/v1, with its OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { adminAuthHook } from './auth.ts';
import { Problem } from './schemas.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import { userExportRoutes } from './routes/users-export.ts';
import { orgUnitRoutes } from './routes/org-units.ts';
import { applicationRoutes } from './routes/applications.ts';
import { protocolRoutes } from './routes/protocols.ts';
import { sourceRoutes } from './routes/sources.ts';
import { bindingRoutes } from './routes/bindings.ts';
import { auditRoutes } from './routes/audit.ts';
import { adminAccountRoutes } from './routes/admins.ts';
import { statsRoutes } from './routes/stats.ts';
import { signingKeyRoutes } from './routes/signing-keys.ts';
import { samlSigningKeyRoutes } from './routes/saml-signing-keys.ts';
import { codeRoutes } from './routes/codes.ts';
import { apiRoutes } from './routes/apis.ts';
import { identitySourceRoutes } from './routes/identity-sources.ts';
import { userImportRoutes } from './routes/users-import.ts';
import { userFactorRoutes } from './routes/user-factors.ts';
import { samlMetadataRoutes } from './routes/saml-metadata.ts';
import type { RouteDeps } from './routes/deps.ts';


export async function adminApi(app: FastifyInstance, { ctx, sessions, sync }: RouteDeps) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Portico Enterprise Center API', version: '1.0.0', description: 'Manage users, applications, authentication sources and their Login Configuration.' },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/admin/v1/session' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'portico_admin' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  app.addSchema(Problem);
  // The admin API speaks JSON only: any other body is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', adminAuthHook(ctx.store));

  for (const routes of [sessionRoutes, userRoutes, userExportRoutes, orgUnitRoutes, applicationRoutes, apiRoutes, protocolRoutes, sourceRoutes, bindingRoutes, auditRoutes, adminAccountRoutes, statsRoutes, signingKeyRoutes, samlSigningKeyRoutes, codeRoutes, identitySourceRoutes, userImportRoutes, userFactorRoutes, samlMetadataRoutes]) {
    await app.register(routes, { ctx, sessions, sync });
  }

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
