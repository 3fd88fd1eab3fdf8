/**
 * The ids of what every Portico has from its first start (migration 001 creates them): the root org
 * unit, the built-in User Center application and the built-in Password and SMS sources. Fixed, so
 * code, tests and demo data can name them.
 */
export const ROOT_ORG_UNIT_ID = 'ou_root';
export const USER_CENTER_APP_ID = 'app_user_center';
export const USER_CENTER_CLIENT_ID = 'user-center';
export const PASSWORD_SOURCE_ID = 'src_password';
export const SMS_SOURCE_ID = 'src_sms';
/** Created by migration 014: passwordless sign-in with a passkey, where an application enables it. */
export const PASSKEY_SOURCE_ID = 'src_passkey';
