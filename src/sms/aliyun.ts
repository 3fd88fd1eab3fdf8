// Alibaba Cloud SMS: Dysmsapi 2017-05-25 `SendSms`, RPC style, signed GET to https://dysmsapi.aliyuncs.com/.
//
// Request (all in the query string, signed by aliyun-signature.ts): Action=SendSms, Version=2017-05-25,
// Format=JSON, RegionId, AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce (unique
// per request), Timestamp (UTC, no ms), PhoneNumbers, SignName, TemplateCode, TemplateParam={"code":"123456"},
// then Signature. The template's variable must be named `code`.
// Answer: `{"Code":"OK","Message":"OK","BizId":"…","RequestId":"…"}` on success; any other Code is a failure.
// Business errors (isv.*) come with HTTP 200; gateway errors (SignatureDoesNotMatch 400,
// InvalidAccessKeyId.NotFound 404, Throttling…) with 4xx/5xx and the same JSON shape.
import { randomUUID } from 'node:crypto';
import { makeScrub, SmsSendError } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, destinationProblem, isObject, parseJson, send, stringOf } from './http.ts';
import { validateMessage } from './message.ts';
import { toAliyunPhoneNumber } from './phone.ts';
import { aliyunTimestamp, canonicalQuery, percentEncode, signRpc } from './aliyun-signature.ts';
import type { FetchLike, SmsMessage, SmsSender } from './types.ts';

export const ALIYUN_DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com';
export const ALIYUN_DEFAULT_REGION = 'cn-hangzhou';

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, as approved in the SMS console. */
  signName: string;
  /** 模板CODE, e.g. `SMS_123456789`; its one variable is `${code}`. */
  templateCode: string;
  /** Default https://dysmsapi.aliyuncs.com */
  endpoint?: string;
  /** Default cn-hangzhou */
  regionId?: string;
  /** Default DEFAULT_TIMEOUT_MS (5000). */
  timeoutMs?: number;
}

export interface AliyunSenderDeps {
  fetch?: FetchLike;
  now?: () => Date;
  /** SignatureNonce; default a random UUID. */
  nonce?: () => string;
}

/**
 * Provider codes worth trying again: Aliyun's own faults and throttling (a fresh nonce fixes SignatureNonceUsed).
 * Everything else (isv.BUSINESS_LIMIT_CONTROL, isv.MOBILE_NUMBER_ILLEGAL, SignatureDoesNotMatch, InvalidAccessKeyId.*,
 * template or sign-name problems, no balance…) will fail the same way again.
 */
const RETRYABLE_CODES = new Set(['isp.SYSTEM_ERROR', 'isp.GATEWAY_ERROR', 'ServiceUnavailable', 'InternalError', 'SignatureNonceUsed']);
const isRetryableCode = (code: string) => RETRYABLE_CODES.has(code) || code.startsWith('Throttling');

export function createAliyunSender(config: AliyunSmsConfig, deps: AliyunSenderDeps = {}): SmsSender {
  const base = (config.endpoint ?? ALIYUN_DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const problem = destinationProblem(base);
  if (problem) throw new TypeError(`Aliyun SMS endpoint ${problem}.`);
  for (const key of ['accessKeyId', 'accessKeySecret', 'signName', 'templateCode'] as const) {
    if (!config[key]) throw new TypeError(`Aliyun SMS ${key} is required.`);
  }
  const fetchImpl = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const nonce = deps.nonce ?? randomUUID;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { accessKeySecret } = config;

  return {
    kind: 'aliyun',
    async send(message: SmsMessage) {
      validateMessage(message);
      const params = sendSmsParams(config, message, now(), nonce());
      // Sent exactly as signed: the canonicalized query string, then the Signature.
      const query = `${canonicalQuery(params)}&Signature=${percentEncode(signRpc('GET', params, accessKeySecret))}`;
      const answer = await send(fetchImpl, 'Aliyun SMS', `${base}/?${query}`, { method: 'GET', headers: { accept: 'application/json' } }, timeoutMs);

      const scrub = makeScrub([message.code, accessKeySecret, message.phone, toAliyunPhoneNumber(message.phone)]);
      const body = parseJson(answer.text);
      const code = isObject(body) ? stringOf(body.Code) : undefined;
      if (answer.status >= 200 && answer.status < 300 && code === 'OK') {
        return { providerMessageId: isObject(body) ? stringOf(body.BizId) : undefined };
      }
      const providerMessage = isObject(body) ? stringOf(body.Message) : stringOf(answer.text.trim());
      const retryable = answer.status >= 500 || answer.status === 429 || (code !== undefined && isRetryableCode(code));
      const what = code === undefined ? `an unreadable answer (HTTP ${answer.status})` : code;
      throw new SmsSendError(`Aliyun SMS did not send the message: ${scrub(what)}.`, {
        providerCode: code === undefined ? undefined : scrub(code),
        providerMessage: providerMessage === undefined ? undefined : scrub(providerMessage),
        httpStatus: answer.status,
        retryable,
      });
    },
  };
}

/** Every SendSms parameter except Signature (the signature covers exactly these). */
export function sendSmsParams(config: AliyunSmsConfig, message: SmsMessage, at: Date, nonce: string): Record<string, string> {
  return {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: toAliyunPhoneNumber(message.phone),
    RegionId: config.regionId ?? ALIYUN_DEFAULT_REGION,
    SignName: config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: config.templateCode,
    TemplateParam: JSON.stringify({ code: message.code }),
    Timestamp: aliyunTimestamp(at),
    Version: '2017-05-25',
  };
}
