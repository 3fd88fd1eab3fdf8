/** The source's Stream-mode connection (ref §2.3), run on the node holding its lease (../worker.ts). */
import { createStreamClient } from '../../connectors/dingtalk/index.ts';
import type { EventDeps } from '../incremental.ts';
import type { LoadedSource } from '../sources.ts';
import type { StreamHandle } from '../worker.ts';
import { receiveContactEvent } from './events.ts';
import { syncClient, type DingTalkSyncEnv } from './source.ts';

export function startDingTalkStream(
  deps: EventDeps & DingTalkSyncEnv,
  source: LoadedSource,
  onState: (state: string, error: string | null) => Promise<void>,
): StreamHandle {
  const client = syncClient(source, deps);
  const stream = createStreamClient({
    appKey: source.config.appKey,
    appSecret: source.secrets.appSecret,
    endpoints: source.config.endpoints,
    async onEvent(event) {
      await receiveContactEvent(deps, source, client, {
        dedupeKey: event.eventId,
        transport: 'stream',
        event: { eventType: event.eventType, userIds: event.data.userId, deptIds: event.data.deptId },
      });
      return 'SUCCESS';
    },
    onState(state, detail) {
      const error = detail.code ? `${detail.code}${detail.message ? `: ${detail.message}` : ''}` : (detail.reason ?? null);
      void onState(state, state === 'connected' ? null : error).catch(() => {});
    },
  });
  stream.start();
  return { stop: () => stream.stop() };
}
