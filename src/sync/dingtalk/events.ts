/** An event from either transport: logged (and deduplicated), then applied once the source has been synced in full. */
import type { DingTalkClient } from '../../connectors/dingtalk/index.ts';
import { finishEvent, hasAppliedRun, logEvent, type EventDeps } from '../incremental.ts';
import type { LoadedSource } from '../sources.ts';
import { applyContactEvent, type ContactEvent } from './source.ts';

export async function receiveContactEvent(
  deps: EventDeps,
  source: LoadedSource,
  client: DingTalkClient,
  received: { dedupeKey: string; transport: 'stream' | 'http_push'; event: ContactEvent },
): Promise<void> {
  const { event } = received;
  const { db } = deps;
  const ids = event.userIds.length ? event.userIds : event.deptIds;
  const logged = await logEvent(db, source.row.id, { dedupeKey: received.dedupeKey, transport: received.transport, eventType: event.eventType, ids });
  if (!logged.fresh) return;
  if (!(await hasAppliedRun(db, source.row.id))) {
    await finishEvent(db, logged.id, { status: 'ignored', detail: 'Events apply once a first full sync has been applied.' });
    return;
  }
  try {
    await finishEvent(db, logged.id, await applyContactEvent(deps, source, client, event));
  } catch (error) {
    await finishEvent(db, logged.id, { status: 'failed', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
