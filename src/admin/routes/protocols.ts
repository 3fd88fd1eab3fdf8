import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.ts';
import { ProtocolList } from '../schemas.ts';
import { PROTOCOLS } from '../../protocols/registry.ts';

/** The protocols an application may speak: what "Create application" offers, with the settings each takes. */
export async function protocolRoutes(app: FastifyInstance, _deps: RouteDeps) {
  app.get(
    '/protocols',
    { config: { permission: 'applications:read' }, schema: { tags: ['applications'], summary: 'The protocols applications may speak, and the settings each takes', response: { 200: ProtocolList } } },
    async () => ({ items: PROTOCOLS.map((p) => ({ protocol: p.name, label: p.label, settingsSchema: p.settingsSchema })) }),
  );
}
