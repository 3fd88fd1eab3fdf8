// The HTTP-push sender (ref §2.1, §2.2): POST url?signature&timestamp&nonce {"encrypt"} with the app's AppKey
// as owner, and the reply must be the encrypted "success" with a valid msg_signature. check_url when a
// subscription is saved (1500 ms, like the console). Retry policy (DingTalk's is UNCONFIRMED; design choice):
// a failed push is retried after each of `pushRetryDelaysMs` (default 1 s, 5 s, 30 s), then parked in the event log.
import { callbackSignature, decryptMessage, encryptMessage, randomAscii, signatureMatches } from './callback-crypto.ts';
import { pushPlaintext, type EventHub, type EventTransport, type SimEvent, type Subscription } from './events.ts';
import type { EventsConfig } from './events-config.ts';
import type { World } from './world.ts';

type PushSubscription = Extract<Subscription, { transport: 'http_push' }>;

export class HttpPushSender implements EventTransport {
  private readonly hub: EventHub;
  private readonly world: World;
  private readonly config: EventsConfig;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(hub: EventHub, world: World, config: EventsConfig) {
    this.hub = hub;
    this.world = world;
    this.config = config;
  }

  deliver(ev: SimEvent, extra: boolean): void {
    void this.run(ev, extra);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Undefined when the URL answers check_url correctly within the console's 1500 ms, else why not. */
  checkUrl(sub: PushSubscription, clientId: string): Promise<string | undefined> {
    return this.post(sub, clientId, JSON.stringify({ EventType: 'check_url' }), this.config.checkUrlTimeoutMs);
  }

  private async run(ev: SimEvent, extra: boolean): Promise<void> {
    const delays = extra ? [] : this.config.pushRetryDelaysMs;
    for (let attempt = 0; !this.closed; attempt++) {
      const sub = this.hub.subscriptions.get(ev.clientId);
      if (!sub || sub.transport !== 'http_push') {
        if (!extra) this.hub.markParked(ev, 'the app has no HTTP push subscription any more');
        return;
      }
      ev.deliveries++;
      const error = await this.post(sub, ev.clientId, pushPlaintext(ev), this.config.pushTimeoutMs);
      if (!error) {
        if (extra) this.hub.note(ev, 'duplicate delivered');
        else this.hub.markAcked(ev, `delivered (attempt ${attempt + 1}), reply verified`);
        return;
      }
      ev.lastError = error;
      this.hub.note(ev, `attempt ${attempt + 1} failed: ${error}`);
      if (extra) return;
      if (attempt >= delays.length) {
        this.hub.markParked(ev, error);
        return;
      }
      await this.sleep(delays[attempt]);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** One signed, encrypted POST; undefined when the reply is the verified encrypted "success". */
  private async post(sub: PushSubscription, owner: string, plaintext: string, timeoutMs: number): Promise<string | undefined> {
    const encrypt = encryptMessage(plaintext, sub.aesKey, owner);
    const timestamp = String(this.world.now());
    const nonce = randomAscii(8);
    const signature = callbackSignature(sub.token, timestamp, nonce, encrypt);
    const url = new URL(sub.url);
    url.searchParams.set('signature', signature);
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      return e.name === 'TimeoutError' ? `no reply within ${timeoutMs} ms` : `request failed: ${e.message}`;
    }
    if (res.status !== 200) return `HTTP ${res.status}`;
    return verifyReply(text, sub, owner);
  }
}

/** The reply must be {msg_signature, timeStamp, nonce, encrypt} (either spelling of the first two, ref §2.1) decrypting to "success". */
function verifyReply(text: string, sub: PushSubscription, owner: string): string | undefined {
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'the reply is not JSON';
  }
  const str = (k: string) => (typeof reply[k] === 'string' ? (reply[k] as string) : undefined);
  const sig = str('msg_signature') ?? str('signature');
  const ts = str('timeStamp') ?? str('timestamp');
  const nonce = str('nonce');
  const enc = str('encrypt');
  if (!sig || !ts || !nonce || !enc) return 'the reply lacks msg_signature, timeStamp, nonce or encrypt';
  if (!signatureMatches(callbackSignature(sub.token, ts, nonce, enc), sig)) return 'the reply signature does not match';
  let msg: string;
  try {
    msg = decryptMessage(enc, sub.aesKey, owner);
  } catch (err) {
    return `the reply does not decrypt: ${(err as Error).message}`;
  }
  return msg === 'success' ? undefined : `the reply decrypts to ${JSON.stringify(msg.slice(0, 40))}, not "success"`;
}
