import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { SyncRunSchema, UserImport } from '../sync-schemas.ts';
import { audited } from '../audited.ts';
import { actorOf } from '../auth.ts';
import { PorticoError } from '../../errors.ts';
import { assertOrgUnitExists, ROOT_ORG_UNIT_ID } from '../../directory/org-units.ts';
import { csvReader, type CsvMatchKey } from '../../sync/csv/reader.ts';
import { stageReader } from '../../sync/engine.ts';
import { createRun, findRun, toRun, updateRun } from '../../sync/runs.ts';
import { runLease } from '../../sync/worker.ts';
import { acquireLease, releaseLease } from '../../jobs/leases.ts';

/** The largest file: what the CSV reader accepts (src/sync/csv/parse.ts), in JSON with room for escapes. */
const IMPORT_BODY_LIMIT_BYTES = 24 * 1024 * 1024;

/**
 * CSV import: the file is read and staged while the request waits (a file is at most 100,000 rows), its
 * unreadable rows stored as the run's first changes, naming row and column; the comparison then runs
 * like any sync's, as a dry run whose plan the admin applies (POST /sync-runs/{id}/apply).
 */
export async function userImportRoutes(app: FastifyInstance, { ctx, sync }: RouteDeps) {
  const { store } = ctx;
  app.post<{ Body: Static<typeof UserImport> }>(
    '/users/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      config: { permission: 'users:write' },
      schema: { tags: ['users'], summary: 'Import users from CSV: a dry run to review, then apply', body: UserImport, response: { 202: SyncRunSchema } },
    },
    async (request, reply) => {
      const { content, fileName, matchKey, orgUnitId = ROOT_ORG_UNIT_ID } = request.body;
      await assertOrgUnitExists(store.db, orgUnitId, '/orgUnitId');
      const reader = csvReader(content, { matchKey: matchKey as CsvMatchKey });
      const [fatal] = reader.fileProblems;
      if (fatal) throw new PorticoError('invalid', fatal.code, fatal.detail, { field: '/content', detail: { problems: reader.fileProblems.map((p) => p.detail) } });
      const actor = actorOf(request);
      const created = await audited(store, request, async (tx) => {
        const run = await createRun(tx, {
          sourceId: null,
          origin: 'csv',
          mode: 'dry_run',
          trigger: 'import',
          requestedBy: actor.name,
          label: fileName ?? 'users.csv',
          options: { matchKey, orgUnitId, keepUnits: !reader.columns.includes('department') },
          status: 'running',
        });
        // Held while the file is read here, so that no worker starts the run before it is staged.
        await acquireLease(tx, runLease(run), `import:${run.id}`, ctx.config.syncLeaseMs);
        return { result: run, action: 'user.import', target: { type: 'sync_run', id: run.id }, after: { fileName: run.label, matchKey } };
      });
      const staged = await stageReader({ db: store.db, stillHolding: async () => true }, created, reader, matchKey as CsvMatchKey);
      const problems = reader.problems();
      if (problems.length) {
        await store.db
          .insertInto('sync_changes')
          .values(problems.map((p, i) => ({
            run_id: created.id, seq: i + 1, kind: 'conflict', external_id: p.externalId, user_id: null, org_unit_id: null, name: p.name,
            before: null, after: null, problem: JSON.stringify({ code: p.code, detail: p.detail }), applied: 0,
          })))
          .execute();
      }
      const options = { ...JSON.parse(created.options), problemCount: problems.length };
      await store.db.updateTable('sync_runs').set({ options: JSON.stringify(options) }).where('id', '=', created.id).execute();
      await updateRun(store.db, created.id, { status: 'queued', phase: 'diff', warnings: staged.warnings });
      await releaseLease(store.db, runLease(created), `import:${created.id}`);
      sync.worker.kick();
      return reply.status(202).send(toRun(await findRun(store.db, created.id)));
    },
  );
}
