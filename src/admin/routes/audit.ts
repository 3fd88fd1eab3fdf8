import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { AuditEvent, AuditQuery, pageOf } from '../schemas.ts';
import { listAudit } from '../../audit/audit.ts';

export async function auditRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/audit-events',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'The audit log, newest first (read-only)', querystring: AuditQuery, response: { 200: pageOf(AuditEvent) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return listAudit(ctx.store.db, filter, { page, pageSize });
    },
  );
}
