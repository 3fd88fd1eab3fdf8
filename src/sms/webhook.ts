// A generic HTTPS webhook: Portico POSTs the code to a URL the operator runs (their own SMS gateway).
//
// Request:
//   POST <url>
//   content-type: application/json
//   x-portico-timestamp: <Unix time in seconds>
//   x-portico-signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
//   {"phone":"+8613800000001","code":"123456","purpose":"login","locale":"zh-CN","ttlMinutes":5}
//
// The receiver verifies before trusting anything: recompute the HMAC over the timestamp header, a dot and the
// raw body bytes exactly as received (not re-serialized JSON), compare with the header in constant time, and
// reject timestamps more than a few minutes from its own clock (signing the timestamp is what makes replay
// windows enforceable).
// Answer: any 2xx means sent; a JSON body `{"messageId":"…"}` is passed on as providerMessageId. Otherwise an
// optional JSON `{"error":"<machine code>","message":"<text>"}` becomes providerCode/providerMessage.
// 5xx, 408, 429, network failures and timeouts are retryable; other statuses (4xx, 3xx: redirects are not
// followed) are not.
import { createHmac } from 'node:crypto';
import { makeScrub, SmsSendError } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, destinationProblem, isObject, parseJson, send, stringOf } from './http.ts';
import { validateMessage } from './message.ts';
import type { FetchLike, SmsMessage, SmsSender } from './types.ts';

export interface WebhookSmsConfig {
  /** https://…; http only to localhost / 127.0.0.1 / [::1] (tests, a gateway on the same host). */
  url: string;
  /** Shared HMAC key. */
  secret: string;
  /** Default DEFAULT_TIMEOUT_MS (5000). */
  timeoutMs?: number;
}

export interface WebhookSenderDeps {
  fetch?: FetchLike;
  now?: () => Date;
}

/** The `x-portico-signature` value for one request. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

export function createWebhookSender(config: WebhookSmsConfig, deps: WebhookSenderDeps = {}): SmsSender {
  const problem = destinationProblem(config.url);
  if (problem) throw new TypeError(`SMS webhook URL ${problem}.`);
  if (!config.secret) throw new TypeError('SMS webhook secret is required.');
  const fetchImpl = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { url, secret } = config;

  return {
    kind: 'webhook',
    async send(message: SmsMessage) {
      validateMessage(message);
      const { phone, code, purpose, locale, ttlMinutes } = message;
      const body = JSON.stringify({ phone, code, purpose, locale, ttlMinutes });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      const headers = {
        'content-type': 'application/json',
        'x-portico-timestamp': timestamp,
        'x-portico-signature': webhookSignature(secret, timestamp, body),
      };
      const answer = await send(fetchImpl, 'SMS webhook', url, { method: 'POST', headers, body }, timeoutMs);

      const json = parseJson(answer.text);
      if (answer.status >= 200 && answer.status < 300) {
        return { providerMessageId: isObject(json) ? stringOf(json.messageId) : undefined };
      }
      const scrub = makeScrub([code, secret, phone, headers['x-portico-signature']]);
      const providerCode = isObject(json) ? stringOf(json.error) : undefined;
      const providerMessage = isObject(json) ? stringOf(json.message) : stringOf(answer.text.trim());
      const retryable = answer.status >= 500 || answer.status === 408 || answer.status === 429;
      throw new SmsSendError(`The SMS webhook answered HTTP ${answer.status}.`, {
        providerCode: providerCode === undefined ? undefined : scrub(providerCode),
        providerMessage: providerMessage === undefined ? undefined : scrub(providerMessage),
        httpStatus: answer.status,
        retryable,
      });
    },
  };
}
