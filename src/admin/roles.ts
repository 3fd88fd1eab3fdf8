/** Enterprise Center roles and what each may do. */
export const ADMIN_ROLES = ['super_admin', 'app_admin', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export type Resource = 'session' | 'users' | 'org_units' | 'applications' | 'sources' | 'bindings' | 'audit' | 'admins' | 'signing_keys';
export type Permission = `${Resource}:${'read' | 'write'}`;

const READ_ALL: Permission[] = ['session:read', 'users:read', 'org_units:read', 'applications:read', 'sources:read', 'bindings:read', 'audit:read', 'admins:read', 'signing_keys:read'];

const GRANTS: Record<AdminRole, ReadonlySet<Permission>> = {
  super_admin: new Set<Permission>([...READ_ALL, ...READ_ALL.map((p) => p.replace(':read', ':write') as Permission)]),
  // Application admins manage applications, their Login Configuration and the sources they offer;
  // they see org units because "create a new account" places users in one.
  app_admin: new Set<Permission>(['session:read', 'applications:read', 'applications:write', 'sources:read', 'sources:write', 'org_units:read']),
  auditor: new Set<Permission>(READ_ALL),
};

export const can = (role: AdminRole, permission: Permission) => GRANTS[role].has(permission);
