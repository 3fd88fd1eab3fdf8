/**
 * Trust settings: the fields of a source that decide whom it lets in and which server it believes.
 * Only super admins change them (`source_trust:write`, src/admin/roles.ts), and a change is a security
 * event. The console greys out the same fields the server refuses (GET /source-types marks them);
 * import-free, so the browser tests read them too.
 */

/**
 * DingTalk: which organisation (corpId) and which DingTalk app (appKey: its token reads that
 * organisation's records), whether and how first-time people are bound to existing accounts, what
 * happens when nobody matches, and where "DingTalk" is (endpoints: a source pointed at another server
 * would vouch for anyone it likes). A new source created by an application admin keeps the defaults;
 * the AppKey, which has none, is chosen by whoever creates the source and fixed from then on.
 */
export const DINGTALK_TRUST_FIELDS = ['corpId', 'appKey', 'autoBind', 'sourceAttribute', 'userAttribute', 'notAssociated', 'notAssociatedOrgUnitId', 'passwordLink', 'endpoints'] as const;
