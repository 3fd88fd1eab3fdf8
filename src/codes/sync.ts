/**
 * Directory sync's codes (src/sync/): the errors its routes raise, the reasons and warnings a run or a
 * Test connection reports, and the audit actions of identity sources and runs.
 */
import type { CodeTable } from './entry.ts';

export const SYNC_ERRORS = {
  'identity_source.not_found': { kind: 'not_found', en: 'No such identity source', 'zh-CN': '身份源不存在' },
  'identity_source.name_required': { kind: 'invalid', en: 'Name required', 'zh-CN': '请填写名称' },
  'identity_source.name_taken': { kind: 'conflict', en: 'Identity source name taken', 'zh-CN': '身份源名称已被使用' },
  'identity_source.bind_source_invalid': { kind: 'invalid', en: 'Not a DingTalk login source', 'zh-CN': '不是钉钉登录源' },
  'identity_source.custom_endpoints_disabled': { kind: 'invalid', en: "Only DingTalk's own addresses allowed", 'zh-CN': '只能使用钉钉官方地址' },
  'identity_source.push_secrets_required': { kind: 'invalid', en: 'HTTP push needs the token and AES key', 'zh-CN': 'HTTP 推送需要填写签名 Token 和加密 AES Key' },
  'identity_source.disabled': { kind: 'conflict', en: 'Identity source disabled', 'zh-CN': '身份源已停用' },
  'sync.run_not_found': { kind: 'not_found', en: 'No such sync run', 'zh-CN': '同步任务不存在' },
  'sync.run_in_progress': { kind: 'conflict', en: 'A sync of this source is already running', 'zh-CN': '该身份源已有同步正在进行' },
  'sync.plan_stale': { kind: 'conflict', en: 'Plan can no longer be applied', 'zh-CN': '同步计划已失效，无法应用' },
  'sync.confirmation_required': { kind: 'conflict', en: 'Confirm the people this run disables', 'zh-CN': '请确认本次同步将停用的人员' },
  'sync.push_signature_invalid': { kind: 'forbidden', en: 'Event signature rejected', 'zh-CN': '事件签名校验失败' },
  'sync.push_malformed': { kind: 'invalid', en: 'Event not like DingTalk’s', 'zh-CN': '事件格式不正确' },
  'sync.push_not_configured': { kind: 'not_found', en: 'No identity source takes events here', 'zh-CN': '此地址没有接收事件的身份源' },
  'sync.unit_missing': { kind: 'conflict', en: 'Department not created', 'zh-CN': '部门未创建' },
  'sync.failed': { kind: 'internal', en: 'Sync failed', 'zh-CN': '同步失败' },
  'sync.import_incomplete': { kind: 'conflict', en: 'File not read completely', 'zh-CN': '文件未完整读取' },
} as const satisfies CodeTable;

export const SYNC_REASONS = {
  // A person's change that could not be planned or applied
  'sync.key_used_twice': { en: 'Two people share the match key', 'zh-CN': '两人的匹配属性相同' },
  'sync.key_claimed': { en: 'User already linked to another person', 'zh-CN': '该用户已关联其他人员' },
  'sync.ambiguous_match': { en: 'Several users match', 'zh-CN': '匹配到多个用户' },
  'sync.value_taken': { en: 'Value already used by another user', 'zh-CN': '该值已被其他用户使用' },
  // Why a user changed (the audit event's reason)
  'sync.create': { en: 'Created by sync', 'zh-CN': '由同步创建' },
  'sync.update': { en: 'Changed by sync', 'zh-CN': '由同步修改' },
  'sync.move': { en: 'Moved by sync', 'zh-CN': '由同步调整部门' },
  'sync.disable': { en: 'Left the organisation', 'zh-CN': '已离开组织' },
  'sync.reenable': { en: 'Returned to the organisation', 'zh-CN': '已重新加入组织' },
  // A run's warnings
  'sync.fetch_incomplete': { en: 'Fetch incomplete: nobody disabled', 'zh-CN': '拉取不完整：未停用任何人' },
  'sync.fetch_failed': { en: 'Part of the organisation could not be read', 'zh-CN': '部分组织架构读取失败' },
  'sync.scope_restricted': { en: 'Permission scope hides people', 'zh-CN': '通讯录权限范围未覆盖全部人员' },
  'sync.fields_missing_mobile': { en: 'No mobiles: field permission missing', 'zh-CN': '未返回手机号：缺少字段权限' },
  'sync.fields_missing_email': { en: 'No emails: field permission missing', 'zh-CN': '未返回邮箱：缺少字段权限' },
  'sync.changes_failed': { en: 'Some changes could not be applied', 'zh-CN': '部分变更未能应用' },
  // Test connection's checks
  'sync.check_credentials': { en: 'AppKey and AppSecret', 'zh-CN': 'AppKey 与 AppSecret' },
  'sync.check_departments': { en: 'Department read permission', 'zh-CN': '部门信息读权限' },
  'sync.check_members': { en: 'Member read permission', 'zh-CN': '部门成员读权限' },
  'sync.check_mobile_field': { en: 'Mobile number field permission', 'zh-CN': '手机号字段权限' },
  'sync.check_email_field': { en: 'Email field permission', 'zh-CN': '邮箱字段权限' },
  'sync.check_scope': { en: 'Contacts permission scope', 'zh-CN': '通讯录权限范围' },
} as const satisfies CodeTable;

export const SYNC_ACTIONS = {
  'identity_source.create': { en: 'Identity source added', 'zh-CN': '添加身份源' },
  'identity_source.update': { en: 'Identity source changed', 'zh-CN': '修改身份源' },
  'identity_source.delete': { en: 'Identity source removed', 'zh-CN': '删除身份源' },
  'sync.run_requested': { en: 'Sync requested', 'zh-CN': '发起同步' },
  'sync.run_applied': { en: 'Sync plan applied', 'zh-CN': '应用同步计划' },
  'sync.run': { en: 'Sync run finished', 'zh-CN': '同步完成' },
  'user.import': { en: 'Users imported (CSV)', 'zh-CN': '导入用户（CSV）' },
} as const satisfies CodeTable;
