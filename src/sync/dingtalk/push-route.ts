/**
 * HTTP push (事件订阅 "HTTP推送"): DingTalk POSTs encrypted events to the source's callback URL. A bad
 * signature, a message for another app or a malformed body is refused with 4xx and changes nothing.
 * `check_url` (sent when the admin saves the URL in DingTalk) is answered at once: DingTalk waits 1.5 s.
 * Other events are logged, answered, then applied; a node that dies before applying leaves the event
 * logged as received, and the nightly reconcile repairs the directory.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createPushCrypto, parsePushEvent, readPushRequest, DingTalkPushError } from '../../connectors/dingtalk/index.ts';
import type { AppContext } from '../../context.ts';
import { fail } from '../../errors.ts';
import { loadIdentitySource, pushPath } from '../sources.ts';
import { receiveContactEvent } from './events.ts';
import { syncClient, type DingTalkSyncEnv } from './source.ts';
import type { EventDeps } from '../incremental.ts';

const REFUSALS: Record<string, Parameters<typeof fail>[0]> = {
  'dingtalk.push_signature_invalid': 'sync.push_signature_invalid',
  'dingtalk.push_owner_mismatch': 'sync.push_signature_invalid',
  'dingtalk.push_malformed': 'sync.push_malformed',
  'dingtalk.push_aes_key_invalid': 'sync.push_not_configured',
};

export async function pushRoutes(app: FastifyInstance, { ctx, events, env }: { ctx: AppContext; events: EventDeps; env: DingTalkSyncEnv }) {
  app.post<{ Params: { id: string }; Querystring: Record<string, string> }>(pushPath(':id'), async (request) => {
    const source = await loadIdentitySource(ctx.store.db, ctx.secretBox, request.params.id).catch(() => {
      throw fail('sync.push_not_configured', 'No identity source takes HTTP push events at this address.');
    });
    const { pushToken, pushAesKey } = source.secrets;
    if (source.row.enabled !== 1 || source.config.transport !== 'http_push' || !pushToken || !pushAesKey) {
      throw fail('sync.push_not_configured', 'This identity source does not take HTTP push events.');
    }
    const crypto = createPushCrypto({ token: pushToken, aesKey: pushAesKey, ownerKey: source.config.appKey });
    let plaintext: string;
    let event: ReturnType<typeof parsePushEvent>;
    try {
      plaintext = crypto.decrypt(readPushRequest(request.query, request.body));
      event = parsePushEvent(plaintext);
    } catch (error) {
      if (error instanceof DingTalkPushError) throw fail(REFUSALS[error.code], error.message);
      throw error;
    }
    if (event.eventType !== 'check_url') {
      // The message carries no id: its hash (with DingTalk's TimeStamp inside) tells a redelivery from a new event.
      const dedupeKey = createHash('sha256').update(plaintext).digest('hex');
      const client = syncClient(source, env);
      setImmediate(() => {
        receiveContactEvent(events, source, client, { dedupeKey, transport: 'http_push', event }).catch((error) =>
          request.log.warn({ err: error, sourceId: source.row.id }, 'sync event failed'),
        );
      });
    }
    return crypto.encryptReply('success');
  });
}
