/**
 * The DingTalk side of a sign-in after the callback: exchange the code, read who scanned (and their
 * organisation record when an attribute needs it), enforce the CorpId restriction, then decide.
 */
import { isDingTalkError, type DingTalkClient } from '../connectors/dingtalk/index.ts';
import type { Db } from '../store/database.ts';
import { PorticoError } from '../errors.ts';
import type { DingTalkConfig } from '../sources/types/dingtalk.ts';
import { findBoundUser } from '../directory/bindings.ts';
import { findUsersByAttribute } from '../directory/user-store.ts';
import {
  decide,
  needsOrgRecord,
  sourceAttributeValue,
  userAttributeValue,
  type Decision,
  type DingTalkIdentity,
  type OrgRecord,
} from './binding-rules.ts';
import { boundIdentity, boundOrgRecord } from './dingtalk-profile.ts';

export interface ScannedIdentity {
  identity: DingTalkIdentity;
  org?: OrgRecord;
}

type Logger = { warn(obj: object, msg: string): void };

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

export async function readScannedIdentity(
  client: DingTalkClient,
  config: DingTalkConfig,
  code: string,
  log: Logger,
): Promise<ScannedIdentity> {
  let identity: DingTalkIdentity;
  let tokenCorpId: string | undefined;
  // Bounded and cleaned as soon as they arrive: another server chose these strings (src/login/dingtalk-profile.ts).
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
      throw new PorticoError('forbidden', 'dingtalk.wrong_organization', 'The DingTalk account chose another organisation.');
    }
    if (!tokenCorpId) {
      // No corpId in the token answer: membership is proven by the organisation knowing the unionId (ref §5.3).
      try {
        const { userId } = await client.getUserIdByUnionId(identity.unionId);
        org = boundOrgRecord({ userId });
      } catch (error) {
        if (isDingTalkError(error) && error.code === 'dingtalk.user_not_in_org') {
          throw new PorticoError('forbidden', 'dingtalk.wrong_organization', 'The DingTalk account is not a member of the organisation.');
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

/** Looks up the bound user and the auto-bind candidates, and returns the seed's decision. */
export async function decideForIdentity(db: Db, sourceId: string, config: DingTalkConfig, scanned: ScannedIdentity): Promise<Decision> {
  const bound = await findBoundUser(db, sourceId, scanned.identity.unionId);
  if (bound || !config.autoBind) return decide({ config, bound, matches: [] });
  const value = sourceAttributeValue(config.sourceAttribute, scanned.identity, scanned.org);
  const matches = value === undefined ? [] : await findUsersByAttribute(db, config.userAttribute, userAttributeValue(config.userAttribute, value));
  return decide({ config, attributeValue: value, matches });
}
