/** A DingTalk member as an upstream person: the source's field mapping applied, DingTalk's gaps respected. */
import type { OrgUser } from '../../connectors/dingtalk/index.ts';
import type { UpstreamPerson } from '../reader.ts';
import type { DingTalkField, SyncedAttribute } from '../views.ts';
import type { DingTalkSyncConfig } from './config.ts';

/**
 * A field's value, or undefined when DingTalk did not send it. DingTalk omits mobile and email when the
 * app lacks the field permission (ref §1.5), exactly as when the person has none, so an absent value
 * never clears what Portico holds.
 */
export function fieldValue(user: OrgUser, field: DingTalkField): string | undefined {
  switch (field) {
    case 'name': return user.name;
    // DingTalk gives the national number and the country code apart (state_code "86").
    case 'mobile': return user.mobile ? (user.stateCode ? `+${user.stateCode}${user.mobile}` : user.mobile) : undefined;
    case 'email': return user.email || undefined;
    case 'org_email': return user.orgEmail || undefined;
    case 'job_number': return user.jobNumber || undefined;
    case 'title': return user.title || undefined;
    case 'userid': return user.userId;
    case 'avatar': return user.avatar || undefined;
  }
}

export function toUpstreamPerson(user: OrgUser, mapping: DingTalkSyncConfig['fieldMapping']): UpstreamPerson {
  const values: Partial<Record<SyncedAttribute, string | null>> = {};
  for (const [attribute, field] of Object.entries(mapping) as [SyncedAttribute, DingTalkField][]) {
    const value = fieldValue(user, field);
    if (value !== undefined) values[attribute] = value;
  }
  return {
    externalId: user.userId,
    subject: user.unionId || null,
    departmentIds: user.deptIdList.map(String),
    // DingTalk always sends `active` on list and get (ref §1.5); a missing one is read as activated.
    active: user.active ?? true,
    values,
    avatarUrl: user.avatar ?? null,
  };
}
