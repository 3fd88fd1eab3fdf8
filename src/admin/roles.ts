/** Enterprise Center roles and what each may do. */
export const ADMIN_ROLES = ['super_admin', 'app_admin', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export type Resource =
  | 'session'
  | 'users'
  | 'org_units'
  | 'applications'
  /** Registered APIs (OAuth resource servers) and their scopes: held as applications are. */
  | 'apis'
  | 'sources'
  | 'bindings'
  | 'audit'
  | 'admins'
  | 'signing_keys'
  /** A source's trust settings: where it talks to (endpoints) and whom it lets in (auto-bind, not-associated policy). */
  | 'source_trust'
  /** Which sources sign people in to the built-in User Center, where every user's account lives. */
  | 'user_center'
  /** Resetting a user's second factors: it lowers an account's protection on an admin's word, so super admins only, whoever else may later manage users. */
  | 'factors';
export type Permission = `${Resource}:${'read' | 'write'}`;

/** Every admin's own account: who is signed in and the words for the server's codes (read), and their own password (write). Nothing else is `session:write`. */
const OWN_ACCOUNT: Permission[] = ['session:read', 'session:write'];
const READ_ALL: Permission[] = ['users:read', 'org_units:read', 'applications:read', 'apis:read', 'sources:read', 'bindings:read', 'audit:read', 'admins:read', 'signing_keys:read'];

const GRANTS: Record<AdminRole, ReadonlySet<Permission>> = {
  // Only super admins decide whom a source trusts and what signs people in to the User Center: an
  // application admin who could would be able to sign in as anyone (a source that vouches for any user).
  super_admin: new Set<Permission>([
    ...OWN_ACCOUNT,
    ...READ_ALL,
    ...READ_ALL.map((p) => p.replace(':read', ':write') as Permission),
    'source_trust:write',
    'user_center:write',
    'factors:write',
  ]),
  // Application admins manage applications, their Login Configuration, the APIs they may call and the sources they offer;
  // they see org units because "create a new account" places users in one.
  app_admin: new Set<Permission>([...OWN_ACCOUNT, 'applications:read', 'applications:write', 'apis:read', 'apis:write', 'sources:read', 'sources:write', 'org_units:read']),
  // Auditors change nothing but their own password.
  auditor: new Set<Permission>([...OWN_ACCOUNT, ...READ_ALL]),
};

export const can = (role: AdminRole, permission: Permission) => GRANTS[role].has(permission);
