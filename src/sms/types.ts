// The shapes every SMS sender shares: one verification-code message in, a provider id (maybe) out.

/** One verification-code SMS. Validated by `validateMessage` before anything is sent. */
export interface SmsMessage {
  /** E.164, e.g. `+8613800000001`. */
  phone: string;
  /** The verification code: 6 digits. Never logged, never put in an error. */
  code: string;
  /** `login`: sign in by SMS code; `bind`: phone + code binding of a DingTalk account. */
  purpose: 'login' | 'bind';
  locale: 'zh-CN' | 'en';
  /** How long the code stays valid, for the text of the message. */
  ttlMinutes: number;
}

export type SmsSenderKind = 'console' | 'aliyun' | 'webhook';

export interface SmsSender {
  readonly kind: SmsSenderKind;
  /** Resolves once the provider accepted the message; rejects with `SmsSendError`. */
  send(message: SmsMessage): Promise<{ providerMessageId?: string }>;
}

/** The subset of pino's logger the senders use. */
export interface SmsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** One message as the development outbox keeps it (with the code: the outbox IS the dev channel). */
export interface SmsOutboxEntry {
  phone: string;
  code: string;
  purpose: SmsMessage['purpose'];
  /** ISO 8601. */
  sentAt: string;
}

/** Where the console sender "delivers" messages so a dev-only page can show them. */
export interface SmsOutbox {
  append(entry: SmsOutboxEntry): Promise<void>;
  /** Newest first, at most `limit`. */
  recent(limit: number): Promise<SmsOutboxEntry[]>;
}

/** What the HTTP senders need from `fetch` (the global one fits). */
export type FetchLike = typeof fetch;
