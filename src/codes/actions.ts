/**
 * Audit actions: what an audit event records was done. A sign-in's steps through a source type are named
 * after the type (./templates.ts); these are the rest.
 */
import type { CodeTable } from './entry.ts';

export const CORE_ACTIONS = {
  'login.sms.send': { en: 'SMS code sent', 'zh-CN': '发送短信验证码' },
  logout: { en: 'Sign-out', 'zh-CN': '退出登录' },
  'oidc.authorize': { en: 'Authorization', 'zh-CN': '授权' },
  'oidc.consent': { en: 'Consent', 'zh-CN': '授权同意' },
  'oidc.token': { en: 'Token request', 'zh-CN': '令牌请求' },
  'user.create': { en: 'User created', 'zh-CN': '创建用户' },
  'user.update': { en: 'User changed', 'zh-CN': '修改用户' },
  'user.delete': { en: 'User deleted', 'zh-CN': '删除用户' },
  'user.email_verified': { en: 'Email verified by signing in', 'zh-CN': '登录时验证了邮箱' },
  'user.mobile_verified': { en: 'Mobile verified by signing in', 'zh-CN': '登录时验证了手机号' },
  'org_unit.create': { en: 'Org unit created', 'zh-CN': '创建部门' },
  'org_unit.update': { en: 'Org unit changed', 'zh-CN': '修改部门' },
  'org_unit.delete': { en: 'Org unit deleted', 'zh-CN': '删除部门' },
  'application.create': { en: 'Application created', 'zh-CN': '创建应用' },
  'application.update': { en: 'Application changed', 'zh-CN': '修改应用' },
  'application.delete': { en: 'Application deleted', 'zh-CN': '删除应用' },
  'application.rotate_secret': { en: 'Client secret renewed', 'zh-CN': '重置客户端密钥' },
  'application.login_configuration.update': { en: 'Login Configuration changed', 'zh-CN': '修改登录配置' },
  'source.create': { en: 'Authentication source added', 'zh-CN': '添加认证源' },
  'source.update': { en: 'Authentication source changed', 'zh-CN': '修改认证源' },
  'source.delete': { en: 'Authentication source deleted', 'zh-CN': '删除认证源' },
  'source.test_connection': { en: 'Connection tested', 'zh-CN': '测试连接' },
  'binding.create': { en: 'Account bound', 'zh-CN': '绑定账号' },
  'binding.delete': { en: 'Binding removed', 'zh-CN': '解除绑定' },
  'admin.sign_in': { en: 'Enterprise Center sign-in', 'zh-CN': '登录企业中心' },
  'admin.create': { en: 'Administrator added', 'zh-CN': '添加管理员' },
  'admin.update': { en: 'Administrator changed', 'zh-CN': '修改管理员' },
  'admin.delete': { en: 'Administrator deleted', 'zh-CN': '删除管理员' },
  'admin.password_change': { en: 'Own password changed', 'zh-CN': '修改本人密码' },
  'admin.password_reset': { en: 'Password reset by the operator', 'zh-CN': '运维人员重置密码' },
  'signing_keys.rotate': { en: 'Signing keys rotated', 'zh-CN': '轮换签名密钥' },
  'demo.seed': { en: 'Demo data created', 'zh-CN': '创建演示数据' },
} as const satisfies CodeTable;
