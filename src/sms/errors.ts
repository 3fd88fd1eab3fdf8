// One error for every failed send. The user sees "could not send, try again"; the log gets the provider's
// error. Nothing here may ever carry the verification code or a secret: provider text goes through `scrub`.

export interface SmsSendErrorDetails {
  /** The provider's own code, e.g. Aliyun `isv.BUSINESS_LIMIT_CONTROL`. */
  providerCode?: string;
  /** The provider's text, already scrubbed (see `scrub`). */
  providerMessage?: string;
  httpStatus?: number;
  /** Worth trying again later (network, timeout, 5xx, throttling), as opposed to a configuration or number problem. */
  retryable: boolean;
}

export class SmsSendError extends Error {
  readonly code = 'sms.send_failed';
  readonly providerCode?: string;
  readonly providerMessage?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;

  constructor(message: string, details: SmsSendErrorDetails) {
    super(message);
    this.name = 'SmsSendError';
    this.providerCode = details.providerCode;
    this.providerMessage = details.providerMessage;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
  }
}

export const isSmsSendError = (e: unknown): e is SmsSendError => e instanceof SmsSendError;

/** Longest provider text kept; the rest is cut (answers can echo whole requests). */
export const PROVIDER_MESSAGE_MAX = 300;

export type Scrub = (text: string) => string;

/**
 * Builds a function that removes every sensitive value (the code, secrets, the raw phone number) from a
 * provider's text, in the forms a provider may echo it (raw, percent-encoded once and twice, JSON-escaped),
 * then cuts it to PROVIDER_MESSAGE_MAX characters.
 *
 * Aliyun's SignatureDoesNotMatch message carries the server's whole string-to-sign, TemplateParam (and so the
 * code) included; `scrub` drops everything from "string to sign" on before the value-by-value pass.
 */
export function makeScrub(sensitive: ReadonlyArray<string | undefined>): Scrub {
  const needles = new Set<string>();
  for (const value of sensitive) {
    if (!value) continue;
    const once = safeEncode(value);
    for (const form of [value, once, once && safeEncode(once), JSON.stringify(value).slice(1, -1)]) {
      if (form) needles.add(form);
    }
  }
  // Longest first, so that a value containing another is removed whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text.replace(/(string to sign is:?)[\s\S]*$/i, '$1 [removed]');
    for (const needle of ordered) out = out.split(needle).join('[redacted]');
    return out.length > PROVIDER_MESSAGE_MAX ? `${out.slice(0, PROVIDER_MESSAGE_MAX)}…` : out;
  };
}

function safeEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}
