import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { AuditEvent, AuditQuery, pageOf } from '../schemas.ts';
import { exportAudit, listAudit, recordAudit } from '../../audit/audit.ts';
import { actorOf } from '../auth.ts';

/** The export takes the list's filters, without its pages. */
const { page: _page, pageSize: _pageSize, ...exportFilters } = AuditQuery.properties;
const AuditExportQuery = Type.Object(exportFilters, { additionalProperties: false });

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

  app.get<{ Querystring: Static<typeof AuditExportQuery> }>(
    '/audit-events/export.jsonl',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The events the filters select as JSON Lines, oldest first (for a SIEM, or to keep them past their retention)',
        querystring: AuditExportQuery,
        response: { 200: { description: 'One event per line, as GET /audit-events shows them', content: { 'application/x-ndjson': { schema: { type: 'string' } } } } },
      },
    },
    async (request, reply) => {
      // An export of everyone's sign-ins is recorded before its first byte: one cut short still happened.
      await recordAudit(ctx.store.db, actorOf(request), { category: 'admin', action: 'audit.export', after: { format: 'jsonl', ...request.query } });
      const range = [request.query.from, request.query.to].map((t) => (t ? new Date(t).toISOString().slice(0, 10) : 'all')).join('_');
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="portico-audit-${range}.jsonl"`)
        .send(Readable.from(exportAudit(ctx.store.db, request.query)));
    },
  );
}
