/**
 * What happens after DingTalk says who scanned: the seed's "Auto-bind Option Enabled/Disabled"
 * and "When User is Not Associated" rules, as one pure decision. No HTTP, no SQL.
 */
import { normalizeEmail, normalizePhone } from '../directory/phone.ts';
import type { DingTalkConfig } from '../sources/types/dingtalk.ts';
import type { DingTalkProfile } from '../connectors/dingtalk/types.ts';
import { canSignIn } from '../directory/users.ts';

/** Who scanned, as the connector read it from DingTalk. */
export type DingTalkIdentity = DingTalkProfile;

/** The organisation's record of the user (topapi/v2/user/get), fetched only when an attribute needs it. */
export interface OrgRecord {
  userId: string;
  name?: string;
  mobile?: string;
  stateCode?: string;
  email?: string;
  orgEmail?: string;
  jobNumber?: string;
}

export interface Candidate {
  id: string;
  status: string;
}

export type NotAssociatedCause = 'no_match' | 'ambiguous' | 'attribute_missing' | 'autobind_off';

export type Decision =
  | { kind: 'sign_in'; userId: string; reason: 'dingtalk.bound' }
  | { kind: 'bind'; userId: string; reason: 'dingtalk.bound_auto' }
  | { kind: 'ask_phone'; reason: 'dingtalk.autobind_off' | 'dingtalk.not_associated.bind_existing'; cause: NotAssociatedCause }
  | { kind: 'create_user'; reason: 'dingtalk.not_associated.created'; cause: NotAssociatedCause }
  | { kind: 'deny'; reason: 'dingtalk.not_associated.denied'; cause: NotAssociatedCause }
  | { kind: 'deny'; reason: 'login.user_inactive'; userId: string };

/** Whether reading the Source Association Attribute needs the organisation's record of the user. */
export function needsOrgRecord(attribute: DingTalkConfig['sourceAttribute'], identity: DingTalkIdentity): boolean {
  if (attribute === 'jobNumber' || attribute === 'userId') return true;
  if (attribute === 'mobile') return !identity.mobile;
  if (attribute === 'email') return !identity.email;
  return false;
}

/** The normalized value of the Source Association Attribute, or undefined when DingTalk did not give it. */
export function sourceAttributeValue(
  attribute: DingTalkConfig['sourceAttribute'],
  identity: DingTalkIdentity,
  org?: OrgRecord,
): string | undefined {
  switch (attribute) {
    case 'mobile': {
      const [mobile, code] = identity.mobile ? [identity.mobile, identity.stateCode] : [org?.mobile, org?.stateCode];
      // A masked number (ISV apps get 155****3240, ref §2.4) cannot match anyone.
      if (!mobile || mobile.includes('*')) return undefined;
      return normalizePhone(mobile, code || undefined);
    }
    case 'email': {
      const email = identity.email ?? org?.email ?? org?.orgEmail;
      return email ? normalizeEmail(email) : undefined;
    }
    case 'unionId':
      return identity.unionId;
    case 'userId':
      return org?.userId || undefined;
    case 'jobNumber':
      return org?.jobNumber?.trim() || undefined;
  }
}

/** Portico-side values are stored normalized; the DingTalk value is brought to the same form. */
export function userAttributeValue(attribute: DingTalkConfig['userAttribute'], value: string): string {
  return attribute === 'username' ? value.toLowerCase() : value;
}

export interface DecisionInput {
  config: Pick<DingTalkConfig, 'autoBind' | 'notAssociated'>;
  /** The user already bound to this DingTalk identity on this source, if any. */
  bound?: Candidate;
  /** The Source Association Attribute's value (undefined: DingTalk did not provide it). */
  attributeValue?: string;
  /** Users whose User Association Attribute equals that value (at most two are needed). */
  matches: Candidate[];
}

export function decide(input: DecisionInput): Decision {
  const { config, bound, attributeValue, matches } = input;
  if (bound) {
    // A disabled or locked user never gets in, through any binding.
    return canSignIn(bound)
      ? { kind: 'sign_in', userId: bound.id, reason: 'dingtalk.bound' }
      : { kind: 'deny', reason: 'login.user_inactive', userId: bound.id };
  }
  if (!config.autoBind) return { kind: 'ask_phone', reason: 'dingtalk.autobind_off', cause: 'autobind_off' };

  let cause: NotAssociatedCause;
  if (attributeValue === undefined) cause = 'attribute_missing';
  else if (matches.length > 1) cause = 'ambiguous';
  else if (matches.length === 0) cause = 'no_match';
  else if (!canSignIn(matches[0])) return { kind: 'deny', reason: 'login.user_inactive', userId: matches[0].id };
  else return { kind: 'bind', userId: matches[0].id, reason: 'dingtalk.bound_auto' };

  switch (config.notAssociated) {
    case 'bind_existing':
      return { kind: 'ask_phone', reason: 'dingtalk.not_associated.bind_existing', cause };
    case 'create_user':
      return { kind: 'create_user', reason: 'dingtalk.not_associated.created', cause };
    case 'deny':
      return { kind: 'deny', reason: 'dingtalk.not_associated.denied', cause };
  }
}
