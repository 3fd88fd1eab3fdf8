/**
 * The console SMS sender's outbox in the shared store, so the dev page shows a code whichever node
 * sent it. Development only: it holds codes in clear, for 10 minutes.
 */
import type { ShortLivedStore } from '../store/short-lived.ts';
import type { SmsOutbox, SmsOutboxEntry } from '../sms/types.ts';

const KEEP_MS = 10 * 60 * 1000;
const KEEP_ENTRIES = 50;

export interface SharedOutbox extends SmsOutbox {
  /** The newest message sent to `phone`, if any. */
  latestFor(phone: string): Promise<SmsOutboxEntry | undefined>;
}

export function sharedOutbox(shortLived: ShortLivedStore): SharedOutbox {
  return {
    async append(entry) {
      await shortLived.set(`sms-outbox:phone:${entry.phone}`, entry, KEEP_MS);
      // The list is best effort (read-modify-write); the per-phone entry above is exact.
      const list = (await shortLived.get<SmsOutboxEntry[]>('sms-outbox:recent')) ?? [];
      await shortLived.set('sms-outbox:recent', [entry, ...list].slice(0, KEEP_ENTRIES), KEEP_MS);
    },
    async recent(limit) {
      return ((await shortLived.get<SmsOutboxEntry[]>('sms-outbox:recent')) ?? []).slice(0, limit);
    },
    latestFor: (phone) => shortLived.get<SmsOutboxEntry>(`sms-outbox:phone:${phone}`),
  };
}
