/**
 * What Portico keeps of a DingTalk profile: the strings another server chose, bounded and cleaned
 * (../upstream-values.ts) before they reach a binding, a new account or a page. Identifiers that do
 * not fit are refused: a binding keyed on a cut unionId would be a different binding.
 */
import { DingTalkError } from '../../connectors/dingtalk/index.ts';
import { avatarUrl, exactValue, readableText, UPSTREAM_LIMITS } from '../upstream-values.ts';
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
const JOB_NUMBER_MAX = 64;
const { phone: PHONE_MAX, email: EMAIL_MAX } = UPSTREAM_LIMITS;

function identifier(value: string, field: string): string {
  if (!IDENTIFIER.test(value)) throw new DingTalkError('dingtalk.bad_response', { message: `DingTalk's ${field} is not an identifier Portico can keep.` });
  return value;
}

const optionalIdentifier = (value: string | undefined, field: string) => (value === undefined ? undefined : identifier(value, field));

export function boundIdentity(identity: DingTalkIdentity): DingTalkIdentity {
  return {
    unionId: identifier(identity.unionId, 'unionId'),
    openId: optionalIdentifier(identity.openId, 'openId'),
    nick: readableText(identity.nick),
    avatarUrl: avatarUrl(identity.avatarUrl),
    mobile: exactValue(identity.mobile, PHONE_MAX),
    stateCode: exactValue(identity.stateCode, PHONE_MAX),
    email: exactValue(identity.email, EMAIL_MAX),
  };
}

export function boundOrgRecord(org: OrgRecord): OrgRecord {
  return {
    userId: identifier(org.userId, 'userId'),
    name: readableText(org.name),
    mobile: exactValue(org.mobile, PHONE_MAX),
    stateCode: exactValue(org.stateCode, PHONE_MAX),
    email: exactValue(org.email, EMAIL_MAX),
    orgEmail: exactValue(org.orgEmail, EMAIL_MAX),
    jobNumber: exactValue(org.jobNumber, JOB_NUMBER_MAX),
  };
}
