/** The login pages speak Simplified Chinese and English: ?lang= (remembered in a cookie), else Accept-Language. */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LANG_COOKIE = 'portico_lang';

const en = {
  'app.name': 'Portico',
  'lang.switch': '中文',
  'login.title': 'Sign in to {app}',
  'login.choose': 'Choose how to sign in',
  'login.none': 'No sign-in method is enabled for this application. Ask your administrator to enable one in its Login Configuration.',
  'method.password': 'Password',
  'method.sms': 'SMS code',
  'field.username': 'Username, mobile or email',
  'field.password': 'Password',
  'field.phone': 'Mobile number',
  'field.code': 'Verification code',
  'action.signin': 'Sign in',
  'action.sendCode': 'Send code',
  'action.resendIn': 'Resend in {n}s',
  'action.bind': 'Bind and sign in',
  'action.back': 'Back to sign-in options',
  'action.tryAgain': 'Try again',
  'action.signout': 'Sign out',
  'action.unbind': 'Unbind',
  'bind.title': 'Bind your {source} account',
  'bind.intro': 'First time here with {source} ({nick}). Enter the mobile number of your existing account and the code we text to it; next time {source} alone signs you in.',
  'bind.codeSent': 'If this number can receive SMS, a code is on its way. It is valid for 5 minutes.',
  'bind.byPhone': 'With your mobile number',
  'bind.byPassword': 'Sign in with your existing account',
  'bind.byPasswordIntro': 'Enter the username, mobile or email and the password of your existing account; your {source} account is then bound to it.',
  'sms.codeSent': 'A code was sent. It is valid for 5 minutes.',
  'account.title': 'User Center',
  'account.signedInAs': 'Signed in as {name}',
  'account.profile': 'My profile',
  'account.bindings': 'My bound accounts',
  'account.noBindings': 'No bound accounts yet.',
  'account.logins': 'My recent sign-ins',
  'account.boundAt': 'Bound {at}',
  'account.lastUsed': 'last used {at}',
  'account.never': 'never used',
  'account.bind': 'Bind {source}',
  'account.factors': 'Two-step verification',
  'account.factors.none': 'You have no second factor yet. Add an authenticator app (applications that ask for a second step then take its 6-digit codes) or a passkey. Ten recovery codes come with your first factor.',
  'account.factors.added': 'Added {at}',
  'account.factors.rename': 'Rename',
  'account.factors.name': 'Name',
  'account.factors.save': 'Save',
  'account.factors.remove': 'Remove',
  'account.factors.removeOne': 'Its codes will no longer sign you in. Your other apps and your recovery codes stay.',
  'account.factors.removeLast': 'This is your last authenticator app: your recovery codes are removed with it, and two-step verification is off. If an application you use asks for a second factor, you will be asked to set up an app again at your next sign-in there.',
  'account.factors.removeButton': 'Remove {name}',
  'account.factors.add': 'Add an authenticator app',
  'account.factors.addIntro': 'Google Authenticator, Microsoft Authenticator, 阿里云 App and other authenticator apps work. Applications that ask for a second step take a code from any of your apps.',
  'account.factors.addButton': 'Add app',
  'account.factors.defaultName': 'Authenticator app',
  'account.factors.type.totp': 'authenticator app',
  'account.factors.type.passkey': 'passkey',
  'account.passkeys.add': 'Add a passkey or security key',
  'account.passkeys.addIntro': 'A passkey signs you in with your device\'s screen lock, fingerprint or face, or with a security key you plug in or tap. Applications that ask for a second step accept it, and applications that offer "Passkey" sign you in with it alone.',
  'account.passkeys.create': 'Create passkey',
  'passkey.defaultName': 'Passkey',
  'passkey.signIn': 'Sign in with a passkey',
  'passkey.signInIntro': 'Use the passkey or security key you added in the User Center: no username or password needed.',
  'passkey.unsupported': 'This browser cannot use passkeys. Try another sign-in method or another browser.',
  'passkey.cancelled': 'The passkey was not used (cancelled, timed out, or not found on this device). Try again.',
  'passkey.expired': 'This step expired. Reload the page and try again.',
  'factor.passkey.use': 'Use my passkey or security key',
  'factor.intro.passkey': 'This application asks for a second step. Use your passkey or security key.',
  'factor.recoveryCode': 'Recovery code',
  'factor.recoveryHint.passkey': 'Lost your key? Enter one of your recovery codes instead (each works once).',
  'factor.intro.sms': 'This application asks for a second step. Get a code by SMS.',
  'factor.sms.to': 'A code by SMS to {phone}:',
  'factor.sms.code': 'SMS code',
  'factor.sms.sent': 'Code sent. It is valid for 5 minutes.',
  'factor.enroll.intro.passkey': 'This application asks for a passkey or security key at each sign-in. Create one now.',
  'reason.factor.none_usable': 'This application accepts no second factor you can give here. Add one it accepts in the User Center, or ask your administrator.',
  'factor.enroll.passkeyInstead': 'Or use a passkey',
  'factor.enroll.passkeyIntro': 'Your device\'s screen lock, fingerprint or face, or a security key, instead of an app.',
  'factor.enroll.passkeyButton': 'Create a passkey',
  'reason.factor.passkey_expired': 'This passkey step expired or was used already. Try again.',
  'reason.factor.passkey_invalid': 'The passkey\'s answer could not be verified. Try again.',
  'reason.factor.passkey_unknown': 'That passkey is not registered to an account here (or was removed). Use another one, or another method.',
  'reason.factor.passkey_cloned': 'That passkey was refused: its signature counter went backwards, which a copied key does. Use another factor and tell your administrator.',
  'account.factors.recoveryLeft': 'Unused recovery codes: {n}',
  'account.factors.renewRecovery': 'Get new recovery codes',
  'account.factors.renewConfirm': 'Ten new codes replace your current ones, which stop working at once. The new ones are shown only once.',
  'account.factors.renewButton': 'Replace my recovery codes',
  'account.factors.reauth': 'Changes here need a sign-in from the last 10 minutes, with your second factor if you have one; otherwise you are asked to sign in again first.',
  'account.back': 'Back to the User Center',
  'account.applications': 'My applications',
  'saml.posting': 'Signing you in to the application…',
  'saml.noscript': 'Press Continue to go on to the application.',
  'account.recovery.intro': 'If you lose your phone, each of these codes signs you in once in place of an app\'s code. Keep them somewhere safe: they are shown only now, and any earlier codes no longer work.',
  'account.recovery.done': 'I have saved them',
  'profile.username': 'Username',
  'profile.mobile': 'Mobile',
  'profile.email': 'Email',
  'error.title': 'Sign-in did not complete',
  'error.contact': 'If this keeps happening, contact your administrator and give them this reference: {ref}',
  // Reasons, by stable code
  'reason.login.state_invalid': 'This sign-in attempt expired or was already used (QR codes are valid for 10 minutes). Start again.',
  'reason.login.state_missing': 'The answer from the sign-in service was incomplete. Start again.',
  'reason.login.state_foreign': 'This sign-in was started in another browser or window. Start again here.',
  'reason.login.state_source_mismatch': 'The answer came back to the wrong sign-in method. Start again.',
  'reason.login.user_inactive': 'Your account is disabled or locked. Contact your administrator.',
  'reason.login.source_not_enabled': 'This sign-in method is not available for this application.',
  'reason.login.unknown_application': 'This application is not known here. Check the link you followed.',
  'reason.login.application_signs_no_one_in': 'This application signs no one in: it calls APIs as itself, so there is nothing to sign in to here. Open the application you meant to use.',
  'reason.login.invalid_credentials': 'Wrong username or password.',
  'reason.login.too_many_failures': 'Too many tries from here. Wait {n} s and try again, or sign in another way.',
  'reason.login.csrf': 'The form expired. Reload the page and try again.',
  'reason.login.pending_missing': 'This binding page expired (10 minutes). Start the sign-in again.',
  'reason.login.no_user_for_phone': 'The code is right, but no active account uses this mobile number. Ask your administrator to add your number to your account.',
  'reason.login.invalid_phone': 'Enter a valid mobile number.',
  'reason.binding.identity_taken': 'This {source} account is already bound to another account.',
  'reason.binding.user_already_bound': 'Your account is already bound to another {source} account. Unbind it in the User Center first.',
  'reason.binding.password_link_off': 'Binding by signing in with a password is not offered for {source} here. Bind with your mobile number and a code.',
  // An external source's outcomes, for types that bring no wording of their own ({source}: the type's name)
  'reason.external.not_associated.denied': 'Your {source} account is not linked to an account here, and this application does not allow new accounts.',
  'reason.external.authorization_denied': 'You declined the sign-in at {source}. Start again to continue.',
  'reason.external.misconfigured': '{source} sign-in is not set up correctly here. Your administrator needs to check the authentication source.',
  'reason.external.unavailable': '{source} could not be reached just now. Try again in a moment.',
  'reason.external.callback_invalid': 'The answer from {source} could not be accepted. Start again.',
  'reason.otp.invalid_code': 'Wrong code. {left} tries left.',
  'reason.otp.expired': 'The code expired or was already used. Ask for a new one.',
  'reason.otp.too_many_attempts': 'Too many wrong codes. Ask for a new one.',
  'reason.otp.resend_too_soon': 'Wait {n} s before asking for another code.',
  'reason.otp.too_many_sends': 'Too many codes were sent to this number. Try again in an hour.',
  'reason.otp.ip_limited': 'Too many codes were requested from this network. Try again later.',
  'reason.sms.send_failed': 'The code could not be sent. Try again.',
  // The OpenID Connect provider: consent, sign-out, and requests it refuses
  'consent.title': 'Allow {app} to use your account?',
  'consent.intro': '{app} asks to:',
  'consent.scope.openid': 'Know who you are (your account id)',
  'consent.scope.profile': 'See your name and username',
  'consent.scope.email': 'See your email address',
  'consent.scope.phone': 'See your mobile number',
  'consent.scope.offline_access': 'Keep access while you are away, until you sign out',
  'consent.scope.portico_directory': 'See your department and employee number',
  'consent.apiScope': 'Use {api} on your behalf: {permission}',
  'consent.note': 'Only allow applications you trust.',
  'select.title': 'Choose an account',
  'select.intro': 'Continue to {app} as:',
  'select.continue': 'Continue as {name}',
  'continue.title': 'You are signed in',
  'continue.openApp': 'Open {app} from where you usually start it: it will let you in without asking again.',
  'continue.userCenter': 'Go to the User Center',
  'select.another': 'Use another account',
  'action.allow': 'Allow',
  'action.deny': 'Deny',
  'logout.title': 'Sign out',
  'logout.confirm': 'Sign out of Portico in this browser? Every application you opened through Portico will ask you to sign in again.',
  'logout.signingOut': 'Signing you out…',
  'logout.applications': 'Signing you out of the applications you opened through Portico.',
  'action.signoutConfirm': 'Yes, sign me out',
  'action.staySignedIn': 'No, stay signed in',
  'action.continue': 'Continue',
  'logout.doneTitle': 'Signed out',
  'logout.done': 'You have signed out of Portico in this browser.',
  'action.signinAgain': 'Sign in again',
  'reason.oidc.invalid_client': 'This application is not registered with Portico. Check the link you followed, or contact the application\'s administrator.',
  'reason.oidc.invalid_redirect_uri': 'The application asked to send you back to an address it has not registered, so Portico stopped here. Contact the application\'s administrator.',
  'reason.oidc.invalid_request': 'The application sent a sign-in request Portico cannot accept. Contact the application\'s administrator.',
  'reason.oidc.session_not_found': 'This sign-in took too long or was started in another browser. Go back to the application and start again.',
  'reason.oidc.callback_state_invalid': 'This sign-in link expired or was already used. Start again.',
  'reason.oidc.callback_error': 'Signing in did not complete. Start again.',
  'reason.oidc.callback_invalid': 'The answer from the sign-in service could not be verified. Start again; if it keeps happening, contact your administrator.',
  'reason.internal': 'Something went wrong on our side. Try again.',
  'reason.request.bad_url': 'This address is not valid. Check the link, or start again from the application.',
  'reason.request.too_large': 'What was sent is too large. Go back and try again.',
  'reason.request.unsupported_media_type': 'This page takes a form sent by the browser. Go back and try again.',
  'factor.title': 'Two-step verification',
  'factor.intro': 'This application asks for a second step. Enter the 6-digit code your authenticator app shows.',
  'factor.code': 'Code',
  'factor.verify': 'Verify',
  'factor.recoveryHint': 'Lost your phone? Enter one of your recovery codes instead (each works once).',
  'factor.enroll.title': 'Set up two-step verification',
  'factor.enroll.intro': 'This application asks for a code from an authenticator app (Google Authenticator, Microsoft Authenticator, 阿里云 App, and others) at each sign-in.',
  'factor.enroll.scan': 'Scan this QR code with the app:',
  'factor.enroll.qrAlt': 'QR code for your authenticator app',
  'factor.enroll.key': 'Or enter this key in the app by hand:',
  'factor.enroll.confirm': 'Enter the 6-digit code the app now shows.',
  'factor.enroll.turnOn': 'Turn on',
  'factor.enroll.afterReset': 'Your administrator reset your two-step verification: set up your authenticator app again.',
  'factor.recovery.title': 'Save your recovery codes',
  'factor.recovery.intro': 'If you lose your phone, each of these codes lets you sign in once. Keep them somewhere safe: they are shown only now.',
  'factor.recovery.saved': 'I have saved them, continue',
  'reason.factor.code_invalid': 'That code is not right. Check the app and try again.',
  'reason.factor.code_replayed': 'That code was used already. Wait for the next one.',
  'reason.factor.too_many_attempts': 'Too many wrong codes. Sign in again.',
  'reason.factor.challenge_missing': 'This sign-in step expired (10 minutes). Sign in again.',
  'reason.factor.slowed': 'Too many wrong codes for this account. Wait {n} s and try again.',
  'reason.factor.not_found': 'That authenticator app is not one of yours (or was removed already). Go back to the User Center.',
  'reason.factor.none_enrolled': 'Recovery codes come with an authenticator app: add one first.',
  'reason.request.malformed_json': 'This page takes a form sent by the browser. Go back and try again.',
  'reason.request.invalid': 'The request could not be understood. Go back and try again.',
  'reason.request.invalid_characters': 'The request holds characters no field may contain. Go back and try again.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.name': 'Portico',
  'lang.switch': 'English',
  'login.title': '登录 {app}',
  'login.choose': '选择登录方式',
  'login.none': '该应用尚未启用任何登录方式。请联系管理员在其“登录配置”中启用。',
  'method.password': '密码登录',
  'method.sms': '短信验证码登录',
  'field.username': '用户名、手机号或邮箱',
  'field.password': '密码',
  'field.phone': '手机号',
  'field.code': '验证码',
  'action.signin': '登录',
  'action.sendCode': '获取验证码',
  'action.resendIn': '{n} 秒后重新获取',
  'action.bind': '绑定并登录',
  'action.back': '返回选择登录方式',
  'action.tryAgain': '重试',
  'action.signout': '退出登录',
  'action.unbind': '解除绑定',
  'bind.title': '绑定{source}账号',
  'bind.intro': '这是您（{nick}）首次使用{source}登录。请输入已有账号的手机号和短信验证码完成绑定，以后即可直接登录。',
  'bind.codeSent': '如果该号码可以接收短信，验证码已发送，5 分钟内有效。',
  'bind.byPhone': '使用手机号绑定',
  'bind.byPassword': '登录已有账号',
  'bind.byPasswordIntro': '输入已有账号的用户名、手机号或邮箱及密码，您的{source}账号将绑定到该账号。',
  'sms.codeSent': '验证码已发送，5 分钟内有效。',
  'account.title': '用户中心',
  'account.signedInAs': '当前登录：{name}',
  'account.profile': '我的资料',
  'account.bindings': '我的绑定账号',
  'account.noBindings': '暂无绑定账号。',
  'account.logins': '最近登录记录',
  'account.boundAt': '绑定于 {at}',
  'account.lastUsed': '最近使用 {at}',
  'account.never': '尚未使用',
  'account.bind': '绑定{source}',
  'account.factors': '两步验证',
  'account.factors.none': '您尚未设置第二重验证方式。可添加身份验证器应用（要求第二步验证的应用将使用它生成的 6 位验证码）或通行密钥。添加第一种验证方式时会同时生成 10 个恢复码。',
  'account.factors.added': '添加于 {at}',
  'account.factors.rename': '重命名',
  'account.factors.name': '名称',
  'account.factors.save': '保存',
  'account.factors.remove': '移除',
  'account.factors.removeOne': '移除后，该应用生成的验证码将不能再用于登录。您的其他应用和恢复码不受影响。',
  'account.factors.removeLast': '这是您最后一个身份验证器应用：移除后您的恢复码也会一并删除，两步验证随之关闭。如果您使用的应用要求第二步验证，下次登录该应用时将要求您重新设置身份验证器应用。',
  'account.factors.removeButton': '移除 {name}',
  'account.factors.add': '添加身份验证器应用',
  'account.factors.addIntro': '支持 Google Authenticator、Microsoft Authenticator、阿里云 App 等身份验证器应用。要求第二步验证的应用接受您任一身份验证器应用生成的验证码。',
  'account.factors.addButton': '添加应用',
  'account.factors.defaultName': '身份验证器应用',
  'account.factors.type.totp': '身份验证器应用',
  'account.factors.type.passkey': '通行密钥',
  'account.passkeys.add': '添加通行密钥或安全密钥',
  'account.passkeys.addIntro': '通行密钥使用设备的屏幕锁、指纹或面容，或插入/轻触的安全密钥来验证您的身份。要求第二步验证的应用接受它；提供“通行密钥登录”的应用仅凭它即可登录。',
  'account.passkeys.create': '创建通行密钥',
  'passkey.defaultName': '通行密钥',
  'passkey.signIn': '使用通行密钥登录',
  'passkey.signInIntro': '使用您在用户中心添加的通行密钥或安全密钥登录，无需用户名和密码。',
  'passkey.unsupported': '此浏览器不支持通行密钥。请换用其他登录方式或浏览器。',
  'passkey.cancelled': '未使用通行密钥（已取消、已超时，或此设备上没有）。请重试。',
  'passkey.expired': '此步骤已过期。请刷新页面后重试。',
  'factor.passkey.use': '使用我的通行密钥或安全密钥',
  'factor.intro.passkey': '此应用需要第二步验证。请使用您的通行密钥或安全密钥。',
  'factor.recoveryCode': '恢复码',
  'factor.recoveryHint.passkey': '密钥丢失？也可以输入一个恢复码（每个只能使用一次）。',
  'factor.intro.sms': '此应用需要第二步验证。请获取短信验证码。',
  'factor.sms.to': '短信验证码将发送至 {phone}：',
  'factor.sms.code': '短信验证码',
  'factor.sms.sent': '验证码已发送，5 分钟内有效。',
  'factor.enroll.intro.passkey': '此应用在每次登录时都需要通行密钥或安全密钥。请现在创建一个。',
  'reason.factor.none_usable': '您没有此应用接受的两步验证方式。请在用户中心添加一种此应用接受的方式，或联系管理员。',
  'factor.enroll.passkeyInstead': '或使用通行密钥',
  'factor.enroll.passkeyIntro': '使用设备的屏幕锁、指纹或面容，或安全密钥，代替身份验证器应用。',
  'factor.enroll.passkeyButton': '创建通行密钥',
  'reason.factor.passkey_expired': '此通行密钥步骤已过期或已使用，请重试。',
  'reason.factor.passkey_invalid': '无法验证通行密钥的应答，请重试。',
  'reason.factor.passkey_unknown': '该通行密钥未注册到此处的账号（或已被移除）。请换用其他密钥或登录方式。',
  'reason.factor.passkey_cloned': '该通行密钥被拒绝：其签名计数器倒退，这通常表示密钥被复制。请使用其他验证方式并告知管理员。',
  'account.factors.recoveryLeft': '未使用的恢复码：{n} 个',
  'account.factors.renewRecovery': '重新生成恢复码',
  'account.factors.renewConfirm': '将生成 10 个新恢复码替换现有恢复码，现有恢复码立即失效。新恢复码只显示一次。',
  'account.factors.renewButton': '替换我的恢复码',
  'account.factors.reauth': '此处的更改需要您在最近 10 分钟内登录过（如已设置第二重验证，还需完成两步验证），否则会先要求您重新登录。',
  'account.back': '返回用户中心',
  'account.applications': '我的应用',
  'saml.posting': '正在登录应用…',
  'saml.noscript': '请点击“继续”前往应用。',
  'account.recovery.intro': '如果手机丢失，每个恢复码可代替验证码登录一次。请妥善保存：它们只显示这一次，之前的恢复码均已失效。',
  'account.recovery.done': '我已保存',
  'profile.username': '用户名',
  'profile.mobile': '手机号',
  'profile.email': '邮箱',
  'error.title': '登录未完成',
  'error.contact': '如果问题持续出现，请联系管理员并提供此编号：{ref}',
  'reason.login.state_invalid': '本次登录已过期或已被使用（二维码 10 分钟内有效）。请重新开始。',
  'reason.login.state_missing': '登录服务返回的信息不完整。请重新开始。',
  'reason.login.state_foreign': '本次登录是在其他浏览器或窗口中发起的。请在此处重新开始。',
  'reason.login.state_source_mismatch': '登录结果返回到了错误的登录方式。请重新开始。',
  'reason.login.user_inactive': '您的账号已被禁用或锁定，请联系管理员。',
  'reason.login.source_not_enabled': '该应用未启用此登录方式。',
  'reason.login.unknown_application': '找不到该应用，请检查访问的链接。',
  'reason.login.application_signs_no_one_in': '此应用不供人员登录：它以自身身份调用 API，这里没有可登录的内容。请打开您要使用的应用。',
  'reason.login.invalid_credentials': '用户名或密码错误。',
  'reason.login.too_many_failures': '尝试次数过多，请 {n} 秒后再试，或使用其他方式登录。',
  'reason.login.csrf': '表单已过期，请刷新页面后重试。',
  'reason.login.pending_missing': '绑定页面已过期（10 分钟），请重新登录。',
  'reason.login.no_user_for_phone': '验证码正确，但没有使用该手机号的有效账号。请联系管理员将手机号添加到您的账号。',
  'reason.login.invalid_phone': '请输入有效的手机号。',
  'reason.binding.identity_taken': '该{source}账号已绑定其他账号。',
  'reason.binding.user_already_bound': '您的账号已绑定其他{source}账号，请先在用户中心解除绑定。',
  'reason.binding.password_link_off': '此处不支持通过密码登录绑定{source}账号，请使用手机号和验证码绑定。',
  'reason.external.not_associated.denied': '您的{source}账号尚未关联本系统账号，且该应用不允许自动创建账号。',
  'reason.external.authorization_denied': '您在{source}拒绝了本次登录。请重新开始。',
  'reason.external.misconfigured': '本系统的{source}登录配置有误。请联系管理员检查认证源。',
  'reason.external.unavailable': '暂时无法连接{source}，请稍后重试。',
  'reason.external.callback_invalid': '{source}返回的信息无法接受。请重新开始。',
  'reason.otp.invalid_code': '验证码错误，还可尝试 {left} 次。',
  'reason.otp.expired': '验证码已过期或已使用，请重新获取。',
  'reason.otp.too_many_attempts': '验证码错误次数过多，请重新获取。',
  'reason.otp.resend_too_soon': '请等待 {n} 秒后再获取验证码。',
  'reason.otp.too_many_sends': '该号码接收的验证码过多，请一小时后再试。',
  'reason.otp.ip_limited': '当前网络请求验证码过多，请稍后再试。',
  'reason.sms.send_failed': '验证码发送失败，请重试。',
  'consent.title': '允许 {app} 使用您的账号？',
  'consent.intro': '{app} 请求：',
  'consent.scope.openid': '识别您的身份（账号 ID）',
  'consent.scope.profile': '查看您的姓名和用户名',
  'consent.scope.email': '查看您的邮箱',
  'consent.scope.phone': '查看您的手机号',
  'consent.scope.offline_access': '在您离开后保持访问，直到您退出登录',
  'consent.scope.portico_directory': '查看您所在的部门和员工编号',
  'consent.apiScope': '代表您使用 {api}：{permission}',
  'consent.note': '请只允许您信任的应用。',
  'select.title': '选择账号',
  'select.intro': '继续使用 {app} 的身份：',
  'select.continue': '以 {name} 的身份继续',
  'continue.title': '您已登录',
  'continue.openApp': '请从平常打开 {app} 的地方打开它：无需再次登录即可进入。',
  'continue.userCenter': '前往用户中心',
  'select.another': '使用其他账号',
  'action.allow': '允许',
  'action.deny': '拒绝',
  'logout.title': '退出登录',
  'logout.confirm': '确定要在此浏览器中退出 Portico 吗？通过 Portico 打开的所有应用都需要重新登录。',
  'logout.signingOut': '正在退出…',
  'logout.applications': '正在退出您通过 Portico 打开的应用。',
  'action.signoutConfirm': '是的，退出登录',
  'action.staySignedIn': '不，保持登录',
  'action.continue': '继续',
  'logout.doneTitle': '已退出',
  'logout.done': '您已在此浏览器中退出 Portico。',
  'action.signinAgain': '重新登录',
  'reason.oidc.invalid_client': '该应用未在 Portico 注册。请检查访问的链接，或联系应用管理员。',
  'reason.oidc.invalid_redirect_uri': '应用请求跳转到一个未登记的地址，Portico 已停止本次登录。请联系应用管理员。',
  'reason.oidc.invalid_request': '应用发来的登录请求无法被接受。请联系应用管理员。',
  'reason.oidc.session_not_found': '本次登录耗时过长，或是在其他浏览器中发起的。请返回应用重新开始。',
  'reason.oidc.callback_state_invalid': '本次登录链接已过期或已被使用。请重新开始。',
  'reason.oidc.callback_error': '登录未完成。请重新开始。',
  'reason.oidc.callback_invalid': '无法验证登录服务的返回结果。请重新开始；如果问题持续出现，请联系管理员。',
  'reason.internal': '系统出现问题，请重试。',
  'reason.request.bad_url': '链接地址无效。请检查链接，或从应用重新开始。',
  'reason.request.too_large': '提交的内容过大。请返回后重试。',
  'reason.request.unsupported_media_type': '此页面只接受浏览器提交的表单。请返回后重试。',
  'factor.title': '两步验证',
  'factor.intro': '此应用需要第二步验证。请输入身份验证器应用显示的 6 位验证码。',
  'factor.code': '验证码',
  'factor.verify': '验证',
  'factor.recoveryHint': '手机丢失？也可以输入一个恢复码（每个只能使用一次）。',
  'factor.enroll.title': '设置两步验证',
  'factor.enroll.intro': '此应用在每次登录时都需要身份验证器应用（如 Google Authenticator、Microsoft Authenticator、阿里云 App 等）生成的验证码。',
  'factor.enroll.scan': '用身份验证器应用扫描此二维码：',
  'factor.enroll.qrAlt': '身份验证器应用的二维码',
  'factor.enroll.key': '或在应用中手动输入此密钥：',
  'factor.enroll.confirm': '输入应用当前显示的 6 位验证码。',
  'factor.enroll.turnOn': '开启',
  'factor.enroll.afterReset': '管理员已重置您的两步验证：请重新设置身份验证器应用。',
  'factor.recovery.title': '保存恢复码',
  'factor.recovery.intro': '如果手机丢失，每个恢复码可让您登录一次。请妥善保存：它们只显示这一次。',
  'factor.recovery.saved': '我已保存，继续',
  'reason.factor.code_invalid': '验证码不正确，请检查应用后重试。',
  'reason.factor.code_replayed': '该验证码已使用过，请等待下一个。',
  'reason.factor.too_many_attempts': '验证码错误次数过多，请重新登录。',
  'reason.factor.challenge_missing': '此登录步骤已过期（10 分钟），请重新登录。',
  'reason.factor.slowed': '此账号的验证码错误次数过多，请 {n} 秒后再试。',
  'reason.factor.not_found': '该身份验证器应用不属于您（或已被移除）。请返回用户中心。',
  'reason.factor.none_enrolled': '恢复码随身份验证器应用一起生成：请先添加一个应用。',
  'reason.request.malformed_json': '此页面只接受浏览器提交的表单。请返回后重试。',
  'reason.request.invalid': '无法理解此请求。请返回后重试。',
  'reason.request.invalid_characters': '请求中包含任何字段都不允许的字符。请返回后重试。',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

/** Messages in both languages, with the same keys. */
export type Messages = Record<Locale, Record<string, string>>;

/** What source types bring (src/identity/registry.ts): their name, method label and reasons, under their own keys. */
const brought: Messages = { en: {}, 'zh-CN': {} };

/** Adds a source type's messages; a key in one language only, or one the page kit has, is refused. */
export function addMessages(messages: Messages): void {
  const keys = Object.keys(messages.en);
  const missing = [...keys.filter((k) => !(k in messages['zh-CN'])), ...Object.keys(messages['zh-CN']).filter((k) => !(k in messages.en))];
  if (missing.length) throw new Error(`messages without both languages: ${missing.join(', ')}`);
  const clash = keys.filter((k) => k in en || k in brought.en);
  if (clash.length) throw new Error(`messages already defined: ${clash.join(', ')}`);
  for (const locale of LOCALES) Object.assign(brought[locale], messages[locale]);
}

/** What choosing a language reads: a Fastify request, or the OIDC provider's Koa context in this shape. */
export interface LocaleSource {
  query?: unknown;
  cookies: Record<string, string | undefined>;
  headers: { 'accept-language'?: string };
}

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/**
 * The first of some BCP 47 language tags, by preference, that the pages speak: any Chinese tag reads
 * as zh-CN, any English one as en. Accept-Language's, or OpenID Connect's `ui_locales` (src/oidc/ui-locales.ts).
 */
export function matchLocale(tags: Iterable<string>): Locale | undefined {
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

export function pickLocale(request: LocaleSource): Locale {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  for (const c of [query, request.cookies[LANG_COOKIE]]) if (isLocale(c)) return c;
  const header = request.headers['accept-language'] ?? '';
  return matchLocale(header.split(',').map((part) => part.split(';')[0])) ?? 'zh-CN';
}

/** Remembers an explicit ?lang= choice. */
export function rememberLocale(request: FastifyRequest, reply: FastifyReply, locale: Locale) {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  if (query === locale && request.cookies[LANG_COOKIE] !== locale) {
    reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  }
}

/**
 * A message in the reader's language. Keys are the page kit's (MessageKey) or a source type's own
 * (a messages.ts in its folder under src/identity/); a `reason.<code>` key names a registered code
 * (src/pages/reasons.test.ts).
 */
export type Translate = (key: MessageKey | (string & {}), params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  const extra = brought[locale];
  return (key, params = {}) => {
    const text = catalog[key as MessageKey] ?? extra[key] ?? key;
    // A page asks for dozens of messages, most without a placeholder: those skip the regular expression.
    return text.includes('{') ? text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? '')) : text;
  };
}

/** The page kit's own keys, for the checks that keep its texts in step with the code (src/pages/reasons.test.ts). */
export const pageKitKeys = (): MessageKey[] => Object.keys(en) as MessageKey[];

/** Whether `key` has a message (the page kit's, or one a source type brought). */
export function hasMessage(key: string): key is MessageKey {
  return key in en || key in brought.en;
}
