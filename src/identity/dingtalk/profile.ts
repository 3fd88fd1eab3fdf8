/**
 * What Portico keeps of a DingTalk profile: the strings another server chose, bounded and cleaned
 * before they reach a binding, a new account or a page. Identifiers that do not fit are refused
 * (a binding keyed on a cut unionId would be a different binding); values that are matched (mobile,
 * email, job number) are kept only when they are plain and short enough, never altered, so a hidden
 * character cannot turn one address into another; what people only read (nick, name) loses invisible
 * characters and is shortened; an avatar is kept only as an https URL (plain http only from this
 * machine: the simulator in development), so a page never loads an image over the network in clear or
 * from another scheme.
 */
import { DingTalkError } from '../../connectors/dingtalk/index.ts';
import { hasInvisibleCharacters, visibleText } from '../../validation.ts';
import { isHttpsOrLoopback } from '../../loopback.ts';
import type { DingTalkProfile } from '../../connectors/dingtalk/index.ts';

/** Who scanned, as the connector read it from DingTalk. */
export type DingTalkIdentity = DingTalkProfile;

/** The organisation's record of the person (topapi/v2/user/get), read only when an attribute needs it. */
export interface OrgRecord {
  userId: string;
  name?: string;
  mobile?: string;
  stateCode?: string;
  email?: string;
  orgEmail?: string;
  jobNumber?: string;
}

/** DingTalk's unionId, openId and userId are a few dozen ASCII characters; anything else is not DingTalk's. */
const IDENTIFIER = /^[\x21-\x7e]{1,64}$/;
/** Names people read: DingTalk's own limits are shorter. */
const NAME_MAX = 64;
const AVATAR_URL_MAX = 1024;
const PHONE_MAX = 32;
const EMAIL_MAX = 254;
const JOB_NUMBER_MAX = 64;

function identifier(value: string, field: string): string {
  if (!IDENTIFIER.test(value)) throw new DingTalkError('dingtalk.bad_response', { message: `DingTalk's ${field} is not an identifier Portico can keep.` });
  return value;
}

const optionalIdentifier = (value: string | undefined, field: string) => (value === undefined ? undefined : identifier(value, field));

/** Short plain text people read, or nothing when nothing visible is left. */
function text(value: string | undefined, max: number): string | undefined {
  const cleaned = value === undefined ? '' : visibleText(value, max);
  return cleaned || undefined;
}

/** A value that is matched: as DingTalk gave it (trimmed), or nothing when it is too long or hides characters. */
function exact(value: string | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= max && !hasInvisibleCharacters(trimmed) ? trimmed : undefined;
}

function avatarUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.length > AVATAR_URL_MAX) return undefined;
  const url = URL.parse(value);
  return url && isHttpsOrLoopback(url) ? url.href : undefined;
}

export function boundIdentity(identity: DingTalkIdentity): DingTalkIdentity {
  return {
    unionId: identifier(identity.unionId, 'unionId'),
    openId: optionalIdentifier(identity.openId, 'openId'),
    nick: text(identity.nick, NAME_MAX),
    avatarUrl: avatarUrl(identity.avatarUrl),
    mobile: exact(identity.mobile, PHONE_MAX),
    stateCode: exact(identity.stateCode, PHONE_MAX),
    email: exact(identity.email, EMAIL_MAX),
  };
}

export function boundOrgRecord(org: OrgRecord): OrgRecord {
  return {
    userId: identifier(org.userId, 'userId'),
    name: text(org.name, NAME_MAX),
    mobile: exact(org.mobile, PHONE_MAX),
    stateCode: exact(org.stateCode, PHONE_MAX),
    email: exact(org.email, EMAIL_MAX),
    orgEmail: exact(org.orgEmail, EMAIL_MAX),
    jobNumber: exact(org.jobNumber, JOB_NUMBER_MAX),
  };
}
