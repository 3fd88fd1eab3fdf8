/** The shape of an API's scopes, import-free so the console (web/src/pages/apis/) checks them the same way. */

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ): visible ASCII but `"` and `\`, no spaces. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Scopes per API: enough for fine-grained permissions, few enough to read on a consent page. */
export const MAX_API_SCOPES = 50;
export const MAX_SCOPE_NAME_LENGTH = 100;
