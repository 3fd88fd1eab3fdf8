// SMS senders for verification codes (SMS-code login, phone + code binding of a DingTalk account).
//
// createSmsSender picks the sender the configuration names and wraps it so that every failure is logged once,
// at warn, with the provider's error and the masked phone, and always surfaces as SmsSendError. Callers show
// the user "could not send, try again" and never need the provider's text.
import { createAliyunSender } from './aliyun.ts';
import { createConsoleSender } from './console.ts';
import { isSmsSendError, makeScrub, SmsSendError } from './errors.ts';
import { maskPhone, toAliyunPhoneNumber } from './phone.ts';
import type { SmsConfig } from './config.ts';
import type { FetchLike, SmsLogger, SmsMessage, SmsOutbox, SmsSender } from './types.ts';
import { createWebhookSender } from './webhook.ts';

export type { SmsConfig } from './config.ts';
export { smsConfigFromEnv } from './config.ts';
export type { AliyunSmsConfig } from './aliyun.ts';
export type { WebhookSmsConfig } from './webhook.ts';
export type { SmsLogger, SmsMessage, SmsOutbox, SmsOutboxEntry, SmsSender, SmsSenderKind } from './types.ts';
export { SmsSendError, isSmsSendError } from './errors.ts';
export { MemoryOutbox } from './memory-outbox.ts';
export { maskPhone } from './phone.ts';
export { webhookSignature } from './webhook.ts';
export { DEFAULT_TIMEOUT_MS } from './http.ts';

export interface SmsSenderDeps {
  logger: SmsLogger;
  /** Required by the console sender. */
  outbox?: SmsOutbox;
  fetch?: FetchLike;
  now?: () => Date;
  /** Aliyun SignatureNonce; default a random UUID. */
  nonce?: () => string;
}

export function createSmsSender(config: SmsConfig, deps: SmsSenderDeps): SmsSender {
  const { logger } = deps;
  let inner: SmsSender;
  let secrets: string[];
  switch (config.kind) {
    case 'console':
      if (!deps.outbox) throw new TypeError('The console SMS sender needs an outbox (deps.outbox) to write codes to.');
      inner = createConsoleSender({ logger, outbox: deps.outbox, now: deps.now });
      secrets = [];
      break;
    case 'aliyun':
      inner = createAliyunSender(config.aliyun, { fetch: deps.fetch, now: deps.now, nonce: deps.nonce });
      secrets = [config.aliyun.accessKeySecret];
      break;
    case 'webhook':
      inner = createWebhookSender(config.webhook, { fetch: deps.fetch, now: deps.now });
      secrets = [config.webhook.secret];
      break;
    default:
      throw new TypeError(`Unknown SMS sender ${JSON.stringify((config as { kind?: unknown }).kind)}.`);
  }
  return withFailureLogging(inner, logger, secrets);
}

/**
 * Logs each failure once at warn and rethrows it as SmsSendError. The senders already scrub what they report;
 * this scrubs again at the boundary (the code, the secrets, the raw phone), so nothing a provider echoes can
 * reach a log line or an error message even if a sender forgot.
 */
function withFailureLogging(inner: SmsSender, logger: SmsLogger, secrets: readonly string[]): SmsSender {
  return {
    kind: inner.kind,
    async send(message: SmsMessage) {
      try {
        return await inner.send(message);
      } catch (e) {
        const phone = typeof message?.phone === 'string' ? message.phone : undefined;
        const scrub = makeScrub([message?.code, ...secrets, phone, phone && toAliyunPhoneNumber(phone)]);
        const error = sanitize(e, scrub);
        logger.warn(
          {
            sender: inner.kind,
            providerCode: error.providerCode,
            providerMessage: error.providerMessage,
            httpStatus: error.httpStatus,
            retryable: error.retryable,
            phone: maskPhone(phone ?? ''),
          },
          'SMS send failed',
        );
        throw error;
      }
    },
  };
}

function sanitize(e: unknown, scrub: (text: string) => string): SmsSendError {
  if (!isSmsSendError(e)) {
    // A bug or a failing outbox: say what kind of error it was, not what it said.
    const name = e instanceof Error ? e.name : typeof e;
    return new SmsSendError('The SMS sender failed unexpectedly.', { retryable: true, providerMessage: scrub(name) });
  }
  const clean = {
    message: scrub(e.message),
    providerCode: e.providerCode === undefined ? undefined : scrub(e.providerCode),
    providerMessage: e.providerMessage === undefined ? undefined : scrub(e.providerMessage),
  };
  if (clean.message === e.message && clean.providerCode === e.providerCode && clean.providerMessage === e.providerMessage) return e;
  return new SmsSendError(clean.message, { ...clean, httpStatus: e.httpStatus, retryable: e.retryable });
}
