/**
 * The DingTalk side of a sign-in after the callback: exchange the code, read who scanned (and their
 * organisation's record when the Source Association Attribute needs it), enforce the CorpId
 * restriction, and say who it is in Portico's terms.
 */
import { DingTalkError, isDingTalkError, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import { fail } from './codes.ts';
import { normalizeEmail, normalizePhone } from '../../directory/phone.ts';
import type { ExternalIdentity } from '../types.ts';
import type { DingTalkConfig } from './config.ts';
import { boundIdentity, boundOrgRecord, type DingTalkIdentity, type OrgRecord } from './profile.ts';

type Logger = { warn(obj: Record<string, unknown>, msg: string): void };

/** Whether reading the Source Association Attribute needs the organisation's record of the person. */
export function needsOrgRecord(attribute: string, identity: DingTalkIdentity): boolean {
  if (attribute === 'jobNumber' || attribute === 'userId') return true;
  if (attribute === 'mobile') return !identity.mobile;
  if (attribute === 'email') return !identity.email;
  return false;
}

async function readOrgRecord(client: DingTalkClient, unionId: string, log: Logger, knownUserId?: string): Promise<OrgRecord | undefined> {
  try {
    // The CorpId check may already have mapped the unionId: do not ask DingTalk twice.
    const userId = knownUserId ?? (await client.getUserIdByUnionId(unionId)).userId;
    const user = await client.getOrgUser(userId);
    return boundOrgRecord({ userId, name: user.name, mobile: user.mobile, stateCode: user.stateCode, email: user.email, orgEmail: user.orgEmail, jobNumber: user.jobNumber });
  } catch (error) {
    // Without the org record the attribute is simply missing: the not-associated policy decides.
    if (isDingTalkError(error) && error.code !== 'dingtalk.unavailable' && error.code !== 'dingtalk.timeout') {
      log.warn({ code: error.code, upstreamCode: error.upstreamCode, requestId: error.requestId }, 'DingTalk org record unavailable');
      return undefined;
    }
    throw error;
  }
}

/** Who scanned, and the organisation's record of them when needed; refused when they belong to another organisation. */
async function readScanned(client: DingTalkClient, config: DingTalkConfig, code: string, log: Logger): Promise<{ identity: DingTalkIdentity; org?: OrgRecord }> {
  let identity: DingTalkIdentity;
  let tokenCorpId: string | undefined;
  // Bounded and cleaned as soon as they arrive: another server chose these strings (./profile.ts).
  if (config.protocol === 'legacy') {
    identity = boundIdentity(await client.getUserInfoByTmpCode(code));
  } else {
    const token = await client.exchangeUserToken(code);
    tokenCorpId = token.corpId;
    identity = boundIdentity(await client.getCurrentUser(token.accessToken));
  }

  let org: OrgRecord | undefined;
  if (config.corpId) {
    if (tokenCorpId && tokenCorpId !== config.corpId) {
      throw fail('dingtalk.wrong_organization', 'The DingTalk account chose another organisation.');
    }
    if (!tokenCorpId) {
      // No corpId in the token answer: membership is proven by the organisation knowing the unionId (ref §5.3).
      try {
        const { userId } = await client.getUserIdByUnionId(identity.unionId);
        org = boundOrgRecord({ userId });
      } catch (error) {
        if (isDingTalkError(error) && error.code === 'dingtalk.user_not_in_org') {
          throw fail('dingtalk.wrong_organization', 'The DingTalk account is not a member of the organisation.');
        }
        throw error;
      }
    }
  }
  // The organisation's records (job number, userId, its mobile and email for the person) are believed
  // only for the organisation the source names: without a CorpId they are not read at all.
  if (config.corpId && needsOrgRecord(config.sourceAttribute, identity)) {
    org = (await readOrgRecord(client, identity.unionId, log, org?.userId)) ?? org;
  }
  return { identity, org };
}

/** The attributes DingTalk offers, in Portico's forms; a masked number (ISV apps get 155****3240, ref §2.4) is none. */
export function attributesOf(identity: DingTalkIdentity, org: OrgRecord | undefined): ExternalIdentity['attributes'] {
  const [mobile, stateCode] = identity.mobile ? [identity.mobile, identity.stateCode] : [org?.mobile, org?.stateCode];
  const email = identity.email ?? org?.email ?? org?.orgEmail;
  return {
    mobile: mobile && !mobile.includes('*') ? normalizePhone(mobile, stateCode || undefined) : undefined,
    email: email ? normalizeEmail(email) : undefined,
    unionId: identity.unionId,
    userId: org?.userId || undefined,
    jobNumber: org?.jobNumber?.trim() || undefined,
  };
}

/** Reads DingTalk's answer on the callback into the person it vouches for. */
export async function completeDingTalk(client: DingTalkClient, config: DingTalkConfig, query: Record<string, unknown>, log: Logger): Promise<ExternalIdentity> {
  const callback = client.parseCallback(query);
  if (callback.kind === 'error') throw new DingTalkError('dingtalk.authorization_denied', { upstreamCode: callback.error });
  const { identity, org } = await readScanned(client, config, callback.code, log);
  return externalIdentityOf(identity, org);
}

/** The person DingTalk vouches for in Portico's terms, however they signed in (a scan, or inside the client: ./inapp.ts). */
export function externalIdentityOf(identity: DingTalkIdentity, org: OrgRecord | undefined): ExternalIdentity {
  const attributes = attributesOf(identity, org);
  return {
    subject: identity.unionId,
    openId: identity.openId,
    externalUserId: org?.userId,
    displayName: identity.nick,
    avatarUrl: identity.avatarUrl,
    attributes,
    // DingTalk verifies an account's mobile when it is registered; the organisation's records are
    // believed only under the source's CorpId. DingTalk's personal email is UNCONFIRMED as verified
    // (the reference does not say); it is offered as the seed's attribute list always did, and only a
    // super admin can choose it (a trust setting).
    verified: Object.keys(attributes).filter((k) => attributes[k] !== undefined),
    profile: { name: org?.name || identity.nick, mobile: attributes.mobile, email: attributes.email, employeeNumber: org?.jobNumber || undefined },
  };
}
