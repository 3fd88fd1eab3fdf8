// Contact events as DingTalk describes them (ref §2.4): ids only, never the changed profile. HTTP push plaintext is PascalCase.
import { isObject, optNumber, optString } from './guards.ts';
import { DingTalkPushError } from './push-crypto.ts';

/** A decrypted HTTP push. `eventType` check_url is the URL check when the admin saves the address (answer "success"). */
export interface PushEvent {
  eventType: string;
  corpId?: string;
  /** UserId of user_* events: a batch operation can name several. */
  userIds: string[];
  /** DeptId of org_dept_* events, as strings (sources disagree on number vs string, ref §2.4). */
  deptIds: string[];
  /** ms epoch. */
  timeStamp?: number;
  /** The operator's userid; absent e.g. for 智能人事 onboarding. */
  optStaffId?: string;
}

export function parsePushEvent(plaintext: string): PushEvent {
  let o: unknown;
  try {
    o = JSON.parse(plaintext);
  } catch {
    throw new DingTalkPushError('dingtalk.push_malformed', 'the plaintext is not JSON');
  }
  if (!isObject(o)) throw new DingTalkPushError('dingtalk.push_malformed', 'the plaintext is not a JSON object');
  const eventType = optString(o.EventType);
  if (eventType === undefined) throw new DingTalkPushError('dingtalk.push_malformed', 'EventType is missing');
  const event: PushEvent = { eventType, userIds: idList(o.UserId), deptIds: idList(o.DeptId) };
  const corpId = optString(o.CorpId);
  if (corpId !== undefined) event.corpId = corpId;
  const timeStamp = optNumber(o.TimeStamp);
  if (timeStamp !== undefined) event.timeStamp = timeStamp;
  const optStaffId = optString(o.OptStaffId);
  if (optStaffId !== undefined) event.optStaffId = optStaffId;
  return event;
}

/** An id array whose elements may be numbers or strings (a lone id is read as a one-element array); other elements are dropped. */
export function idList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.flatMap((x) => {
    if (typeof x === 'number' && Number.isSafeInteger(x)) return [String(x)];
    const s = optString(x);
    return s === undefined ? [] : [s];
  });
}
