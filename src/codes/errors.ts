/**
 * Every error code Portico's own code raises (a source type's are in its folder), with its kind, which
 * makes its HTTP status, and its words for administrators: what the console shows beside a field or in
 * the audit log when the code comes back. People signing in read the login pages' sentences instead
 * (src/pages/i18n.ts, `reason.<code>`).
 */
import type { CodeTable } from './entry.ts';

export const CORE_ERRORS = {
  internal: { kind: 'internal', en: 'Internal error', 'zh-CN': '系统内部错误' },

  // Requests the HTTP layer refuses (src/http/, src/validation.ts)
  'route.not_found': { kind: 'not_found', en: 'No such address', 'zh-CN': '地址不存在' },
  'request.invalid': { kind: 'invalid', en: 'Request not understood', 'zh-CN': '无法理解的请求' },
  'request.bad_url': { kind: 'invalid', en: 'Invalid address', 'zh-CN': '地址无效' },
  'request.invalid_characters': { kind: 'invalid', en: 'Characters no field may hold', 'zh-CN': '包含任何字段都不允许的字符' },
  'request.missing_field': { kind: 'invalid', en: 'Required', 'zh-CN': '必填' },
  'request.unknown_field': { kind: 'invalid', en: 'Not a known field', 'zh-CN': '未知字段' },
  'request.wrong_type': { kind: 'invalid', en: 'Not the expected kind of value', 'zh-CN': '值的类型不正确' },
  'request.too_long': { kind: 'invalid', en: 'Too long', 'zh-CN': '太长' },
  'request.too_short': { kind: 'invalid', en: 'Too short', 'zh-CN': '太短' },
  'request.too_many': { kind: 'invalid', en: 'Too many entries', 'zh-CN': '条目太多' },
  'request.invalid_value': { kind: 'invalid', en: 'Not one of the allowed values', 'zh-CN': '不是允许的取值' },
  'request.invalid_format': { kind: 'invalid', en: 'Not in the expected format', 'zh-CN': '格式不正确' },
  'request.out_of_range': { kind: 'invalid', en: 'Out of the allowed range', 'zh-CN': '超出允许的范围' },
  'request.unsupported_media_type': { kind: 'unsupported_media', en: 'Body not sent as JSON', 'zh-CN': '请求体不是 JSON' },
  'request.invalid_content_length': { kind: 'invalid', en: 'Content-Length does not match the body', 'zh-CN': 'Content-Length 与请求体不符' },
  'request.empty_body': { kind: 'invalid', en: 'Empty JSON body', 'zh-CN': 'JSON 请求体为空' },
  'request.too_large': { kind: 'too_large', en: 'Body too large', 'zh-CN': '请求体过大' },
  'request.malformed_json': { kind: 'invalid', en: 'Body is not valid JSON', 'zh-CN': '请求体不是有效的 JSON' },
  'metrics.unauthenticated': { kind: 'unauthenticated', en: 'Metrics token missing or wrong', 'zh-CN': '指标令牌缺失或错误' },

  // The Enterprise Center's administrators (src/admin/)
  'admin.unauthenticated': { kind: 'unauthenticated', en: 'Not signed in to the Enterprise Center', 'zh-CN': '未登录企业中心' },
  'admin.forbidden': { kind: 'forbidden', en: 'Not allowed for this role', 'zh-CN': '您的角色无权执行此操作' },
  'admin.invalid_credentials': { kind: 'unauthenticated', en: 'Wrong username or password', 'zh-CN': '用户名或密码错误' },
  'admin.too_many_failures': { kind: 'rate_limited', en: 'Too many password failures', 'zh-CN': '密码错误次数过多' },
  'admin.wrong_password': { kind: 'invalid', en: 'Current password not right', 'zh-CN': '当前密码不正确' },
  'admin.password_unchanged': { kind: 'invalid', en: 'New password same as the current one', 'zh-CN': '新密码与当前密码相同' },
  'admin.password_too_short': { kind: 'invalid', en: 'Password too short', 'zh-CN': '密码太短' },
  'admin.password_too_long': { kind: 'invalid', en: 'Password too long', 'zh-CN': '密码太长' },
  'admin.username_taken': { kind: 'conflict', en: 'Another admin has this username', 'zh-CN': '已有管理员使用该用户名' },
  'admin.last_super_admin': { kind: 'conflict', en: 'The last active super admin', 'zh-CN': '最后一名启用的超级管理员' },
  'admin.not_found': { kind: 'not_found', en: 'No such administrator', 'zh-CN': '管理员不存在' },
  'admin.unknown_username': { kind: 'not_found', en: 'No administrator with this username', 'zh-CN': '没有使用该用户名的管理员' },
  'admin.throttle_not_cleared': { kind: 'unavailable', en: 'Password reset, failure counts not cleared', 'zh-CN': '密码已重置，但错误计数未能清除' },

  // Users, org units, bindings (src/directory/)
  'user.not_found': { kind: 'not_found', en: 'No such user', 'zh-CN': '用户不存在' },
  'user.invalid_display_name': { kind: 'invalid', en: 'Invalid display name', 'zh-CN': '显示名称无效' },
  'user.invalid_mobile': { kind: 'invalid', en: 'Invalid mobile number', 'zh-CN': '手机号格式不正确' },
  'user.invalid_email': { kind: 'invalid', en: 'Invalid email address', 'zh-CN': '邮箱格式不正确' },
  'user.username_taken': { kind: 'conflict', en: 'Username already in use', 'zh-CN': '用户名已被使用' },
  'user.mobile_taken': { kind: 'conflict', en: 'Mobile number used by another user', 'zh-CN': '手机号已被其他用户使用' },
  'user.email_taken': { kind: 'conflict', en: 'Email used by another user', 'zh-CN': '邮箱已被其他用户使用' },
  'org_unit.not_found': { kind: 'not_found', en: 'No such org unit', 'zh-CN': '部门不存在' },
  'org_unit.unknown': { kind: 'invalid', en: 'No such org unit', 'zh-CN': '部门不存在' },
  'org_unit.invalid_name': { kind: 'invalid', en: 'Invalid org unit name', 'zh-CN': '部门名称无效' },
  'org_unit.name_taken': { kind: 'conflict', en: 'A sibling unit has this name', 'zh-CN': '同一上级下已有同名部门' },
  'org_unit.root_immovable': { kind: 'invalid', en: 'The root unit cannot move', 'zh-CN': '根部门不能移动' },
  'org_unit.cycle': { kind: 'invalid', en: 'Cannot move under itself', 'zh-CN': '不能移动到自身或下级部门之下' },
  'org_unit.root_undeletable': { kind: 'conflict', en: 'The root unit cannot be deleted', 'zh-CN': '根部门不能删除' },
  'org_unit.not_empty': { kind: 'conflict', en: 'Org unit not empty', 'zh-CN': '部门下还有用户或子部门' },
  'org_unit.in_use': { kind: 'conflict', en: 'Org unit in use by a source', 'zh-CN': '部门正被认证源使用' },
  'binding.not_found': { kind: 'not_found', en: 'No such binding', 'zh-CN': '绑定不存在' },
  'binding.identity_taken': { kind: 'conflict', en: 'External account bound to someone else', 'zh-CN': '外部账号已绑定其他用户' },
  'binding.user_already_bound': { kind: 'conflict', en: 'User already bound on this source', 'zh-CN': '用户已在该认证源绑定其他账号' },

  // Applications and their Login Configuration (src/applications/, src/protocols/)
  'application.not_found': { kind: 'not_found', en: 'No such application', 'zh-CN': '应用不存在' },
  'application.invalid_name': { kind: 'invalid', en: 'Name cannot be blank', 'zh-CN': '名称不能为空' },
  'application.unsupported_protocol': { kind: 'invalid', en: 'Unsupported protocol', 'zh-CN': '不支持的协议' },
  'application.builtin_field': { kind: 'invalid', en: 'Managed by Portico', 'zh-CN': '由 Portico 管理' },
  'application.builtin': { kind: 'conflict', en: 'Built-in application', 'zh-CN': '内置应用' },
  'application.no_secret': { kind: 'conflict', en: 'No client secret for this protocol', 'zh-CN': '该协议的应用没有客户端密钥' },
  'application.public_client': { kind: 'conflict', en: 'Public clients have no secret', 'zh-CN': '公开客户端没有密钥' },
  'application.invalid_redirect_uri': { kind: 'invalid', en: 'Invalid redirect URI', 'zh-CN': '回调地址无效' },
  'application.duplicate_redirect_uri': { kind: 'invalid', en: 'Redirect URI listed twice', 'zh-CN': '回调地址重复' },
  'login_configuration.duplicate_source': { kind: 'invalid', en: 'Source listed twice', 'zh-CN': '认证源重复' },
  'login_configuration.unknown_source': { kind: 'invalid', en: 'No such authentication source', 'zh-CN': '认证源不存在' },
  'login_configuration.user_center_forbidden': { kind: 'forbidden', en: 'Only a super admin enables sources on the User Center', 'zh-CN': '只有超级管理员可以在用户中心启用认证源' },

  // Authentication sources (src/sources/, src/identity/)
  'source.not_found': { kind: 'not_found', en: 'No such authentication source', 'zh-CN': '认证源不存在' },
  'source.unknown_type': { kind: 'invalid', en: 'Unknown source type', 'zh-CN': '未知的认证源类型' },
  'source.name_taken': { kind: 'conflict', en: 'Another source has this name', 'zh-CN': '已有同名的认证源' },
  'source.singleton': { kind: 'conflict', en: 'Only one source of this type', 'zh-CN': '该类型只能有一个认证源' },
  'source.builtin': { kind: 'conflict', en: 'Built-in source', 'zh-CN': '内置认证源' },
  'source.in_use': { kind: 'conflict', en: 'Source enabled in a Login Configuration', 'zh-CN': '认证源已在登录配置中启用' },
  'source.not_testable': { kind: 'invalid', en: 'Nothing to connect to', 'zh-CN': '没有可测试的连接' },
  'source.trust_settings_forbidden': { kind: 'forbidden', en: 'Only a super admin changes whom a source trusts', 'zh-CN': '只有超级管理员可以更改认证源信任谁' },
  'source.incompatible_attributes': { kind: 'invalid', en: 'Association attributes cannot be matched', 'zh-CN': '源关联属性与用户关联属性无法匹配' },
  'source.org_unit_required': { kind: 'invalid', en: 'Org unit for new accounts required', 'zh-CN': '须选择新账号所在的部门' },

  // Signing in (src/login/, src/otp/, src/pages/)
  'session.required': { kind: 'unauthenticated', en: 'Not signed in', 'zh-CN': '未登录' },
  'login.unknown_application': { kind: 'not_found', en: 'Unknown application', 'zh-CN': '应用不存在' },
  'login.source_not_enabled': { kind: 'forbidden', en: 'Method not enabled for the application', 'zh-CN': '该应用未启用此登录方式' },
  'login.user_inactive': { kind: 'forbidden', en: 'Account disabled or locked', 'zh-CN': '账号已停用或锁定' },
  'login.state_missing': { kind: 'invalid', en: 'Answer without its state', 'zh-CN': '返回信息缺少 state' },
  'login.state_invalid': { kind: 'invalid', en: 'Login attempt expired or reused', 'zh-CN': '登录已过期或被重复使用' },
  'login.state_foreign': { kind: 'invalid', en: 'Started in another browser', 'zh-CN': '在其他浏览器中发起' },
  'login.state_source_mismatch': { kind: 'invalid', en: 'Answer came back to another source', 'zh-CN': '返回到了其他认证源' },
  'login.pending_missing': { kind: 'invalid', en: 'Binding page expired', 'zh-CN': '绑定页面已过期' },
  'login.csrf': { kind: 'forbidden', en: 'Form expired', 'zh-CN': '表单已过期' },
  'otp.invalid_code': { kind: 'invalid', en: 'Wrong verification code', 'zh-CN': '验证码错误' },
  'otp.expired': { kind: 'invalid', en: 'Verification code expired', 'zh-CN': '验证码已过期' },
  'otp.too_many_attempts': { kind: 'invalid', en: 'Too many wrong codes', 'zh-CN': '验证码错误次数过多' },
  'otp.resend_too_soon': { kind: 'rate_limited', en: 'Code requested too soon', 'zh-CN': '获取验证码过于频繁' },
  'otp.too_many_sends': { kind: 'rate_limited', en: 'Too many codes to one number', 'zh-CN': '同一号码发送次数过多' },
  'otp.ip_limited': { kind: 'rate_limited', en: 'Too many codes from one network', 'zh-CN': '同一网络请求次数过多' },
  'sms.send_failed': { kind: 'unavailable', en: 'SMS could not be sent', 'zh-CN': '短信发送失败' },

  // The OpenID Connect provider and the User Center as its relying party (src/oidc/)
  'oidc.session_not_found': { kind: 'invalid', en: 'Sign-in expired or started elsewhere', 'zh-CN': '登录已过期或在其他浏览器中发起' },
  'oidc.unsupported_prompt': { kind: 'invalid', en: 'Unsupported prompt', 'zh-CN': '不支持的 prompt' },
  'oidc.callback_state_invalid': { kind: 'invalid', en: 'Sign-in link expired or reused', 'zh-CN': '登录链接已过期或被重复使用' },
  'oidc.callback_error': { kind: 'invalid', en: 'Sign-in did not complete', 'zh-CN': '登录未完成' },
  'oidc.callback_invalid': { kind: 'invalid', en: 'Answer could not be verified', 'zh-CN': '返回结果无法校验' },

  // The operator's command line (src/cli/)
  'cli.usage': { kind: 'invalid', en: 'Wrong command-line usage', 'zh-CN': '命令行用法错误' },
  'store.not_found': { kind: 'not_found', en: 'No database there', 'zh-CN': '找不到数据库' },
  'store.redis_unreachable': { kind: 'unavailable', en: 'Redis unreachable', 'zh-CN': '无法连接 Redis' },
} as const satisfies CodeTable;
