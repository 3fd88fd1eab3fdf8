import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.ts';
import { CodeTexts } from '../schemas.ts';
import { CODES, METHOD_NAMES, TYPE_NAMES } from '../../identity/codes.ts';
import type { CodesView } from '../../codes/views.ts';

/** The registry's words, without the kinds: the same for every request of this node's version. */
const ANSWER: CodesView = {
  codes: Object.fromEntries(Object.entries(CODES).map(([code, { en, 'zh-CN': zh }]) => [code, { en, 'zh-CN': zh }])),
  // The console names a sign-in method as it names a type (web/src/lib/labels.ts): the further methods' names go with them.
  sourceTypes: { ...TYPE_NAMES, ...METHOD_NAMES },
};

/** Words for what the server records and answers with, so the console names codes it was never told of (a new source type's). */
export async function codeRoutes(app: FastifyInstance, _deps: RouteDeps) {
  app.get(
    '/codes',
    {
      // Every admin reads it: the words for the audit log, the dashboard and the answers of any page.
      config: { permission: 'session:read' },
      schema: {
        tags: ['session'],
        summary: "The words for every error code, audit reason and audit action, and every source type's name, in English and Simplified Chinese",
        response: { 200: CodeTexts },
      },
    },
    async (): Promise<CodesView> => ANSWER,
  );
}
