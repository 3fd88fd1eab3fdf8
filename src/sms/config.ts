// Which SMS sender to use, from PORTICO_SMS_* environment variables. A missing or bad value throws ConfigError
// naming the variable; values of secret variables are never repeated in the message.
import { ConfigError } from '../config-error.ts';
import type { AliyunSmsConfig } from './aliyun.ts';
import type { WebhookSmsConfig } from './webhook.ts';
import { destinationProblem } from './http.ts';

export type SmsConfig =
  | { kind: 'console' }
  | { kind: 'aliyun'; aliyun: AliyunSmsConfig }
  | { kind: 'webhook'; webhook: WebhookSmsConfig };

type Env = Record<string, string | undefined>;

const SENDERS = ['console', 'aliyun', 'webhook'] as const;
/** Shortest webhook secret accepted (an HMAC key guessable by brute force protects nothing). */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export function smsConfigFromEnv(env: Env): SmsConfig {
  const sender = env.PORTICO_SMS_SENDER || 'console';
  if (!(SENDERS as readonly string[]).includes(sender)) {
    throw new ConfigError('PORTICO_SMS_SENDER', `must be one of ${SENDERS.join(', ')}, got ${JSON.stringify(sender)}`);
  }
  if (sender === 'aliyun') {
    const endpoint = optional(env, 'PORTICO_SMS_ALIYUN_ENDPOINT');
    if (endpoint !== undefined) {
      const problem = destinationProblem(endpoint);
      if (problem) throw new ConfigError('PORTICO_SMS_ALIYUN_ENDPOINT', problem);
    }
    return {
      kind: 'aliyun',
      aliyun: {
        accessKeyId: required(env, 'PORTICO_SMS_ALIYUN_ACCESS_KEY_ID'),
        accessKeySecret: required(env, 'PORTICO_SMS_ALIYUN_ACCESS_KEY_SECRET', { secret: true }),
        signName: required(env, 'PORTICO_SMS_ALIYUN_SIGN_NAME'),
        templateCode: required(env, 'PORTICO_SMS_ALIYUN_TEMPLATE_CODE'),
        ...(endpoint === undefined ? {} : { endpoint }),
      },
    };
  }
  if (sender === 'webhook') {
    const url = required(env, 'PORTICO_SMS_WEBHOOK_URL');
    const problem = destinationProblem(url);
    if (problem) throw new ConfigError('PORTICO_SMS_WEBHOOK_URL', problem);
    const secret = required(env, 'PORTICO_SMS_WEBHOOK_SECRET', { secret: true });
    if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw new ConfigError('PORTICO_SMS_WEBHOOK_SECRET', `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (generate one with: openssl rand -hex 32)`);
    }
    return { kind: 'webhook', webhook: { url, secret } };
  }
  return { kind: 'console' };
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : checkSpaces(name, raw, false);
}

function required(env: Env, name: string, options: { secret?: boolean } = {}): string {
  const raw = env[name];
  if (raw === undefined || raw === '') throw new ConfigError(name, `is required when PORTICO_SMS_SENDER is ${env.PORTICO_SMS_SENDER}`);
  return checkSpaces(name, raw, options.secret === true);
}

/** Pasted keys often carry a space or newline; the provider then answers with a signature error nobody can read. */
function checkSpaces(name: string, raw: string, secret: boolean): string {
  if (raw.trim() !== raw) {
    throw new ConfigError(name, secret ? 'has leading or trailing whitespace' : `has leading or trailing whitespace: ${JSON.stringify(raw)}`);
  }
  return raw;
}
