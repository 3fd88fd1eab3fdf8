// What an app may see of its org (ref §1.1, §1.5): the contact permission scope (通讯录权限范围) and the field
// permissions that silently drop mobile/email, and the snake_case shapes of users and departments.
import { ROOT_DEPT_ID, type Directory } from './directory.ts';
import type { SimApp, SimDept, SimUser } from './fixture.ts';

export interface OrgView {
  departments: boolean;
  members: boolean;
  mobile: boolean;
  email: boolean;
  /** undefined = all employees. */
  scope?: readonly number[];
}

/** Absent permissions are granted (fixtures from before departments keep working). */
export function orgView(app: SimApp): OrgView {
  const p = app.orgPermissions ?? {};
  return {
    departments: p.departments ?? true, members: p.members ?? true, mobile: p.mobile ?? true, email: p.email ?? true,
    ...(p.scopeDeptIds && !p.scopeDeptIds.includes(ROOT_DEPT_ID) ? { scope: p.scopeDeptIds } : {}),
  };
}

/**
 * inside: the department is in the scope (it or an ancestor was granted); path: it lies above a granted department,
 * so a walk from the root can reach the scope through it (members hidden); outside: invisible. How DingTalk shows
 * the departments above a granted one is UNCONFIRMED; this keeps listsub-from-the-root walks working.
 */
export function deptVisibility(dir: Directory, view: OrgView, corpId: string, deptId: number): 'inside' | 'path' | 'outside' {
  if (!view.scope) return 'inside';
  if (view.scope.some((s) => dir.isWithin(corpId, deptId, s))) return 'inside';
  if (view.scope.some((s) => dir.isWithin(corpId, s, deptId))) return 'path';
  return 'outside';
}

/** A person is visible when one of their departments is inside the scope. */
export function userVisible(dir: Directory, view: OrgView, user: SimUser): boolean {
  return !view.scope || user.deptIdList.some((d) => deptVisibility(dir, view, user.corpId, d) === 'inside');
}

/** Profile fields common to v2/user/list items and v2/user/get, field permissions applied. */
export function profileFields(u: SimUser, view: OrgView, avatar: string | undefined): Record<string, unknown> {
  return {
    userid: u.userId,
    unionid: u.unionId,
    name: u.name,
    ...(avatar ? { avatar } : {}),
    ...(view.mobile && u.mobile ? { state_code: u.stateCode, mobile: u.mobile } : {}),
    hide_mobile: false,
    telephone: '',
    job_number: u.jobNumber ?? '',
    title: u.title ?? '',
    ...(view.email && u.email ? { email: u.email } : {}),
    ...(view.email && u.orgEmail ? { org_email: u.orgEmail } : {}),
    work_place: '',
    remark: '',
    dept_id_list: u.deptIdList,
    active: u.active,
    admin: false,
    boss: false,
    exclusive_account: false,
  };
}

export function isLeader(dir: Directory, u: SimUser, deptId: number): boolean {
  return dir.dept(u.corpId, deptId)?.managerUserIds?.includes(u.userId) ?? false;
}

/** listsub item (ref §1.2). */
export function deptListItem(d: SimDept): Record<string, unknown> {
  return { dept_id: d.deptId, name: d.name, parent_id: d.parentId, create_dept_group: false, auto_add_user: false, from_union_org: false, ext: '{}' };
}

/** department/get result (ref §1.3). The root's parent_id is UNCONFIRMED: omitted here ("missing = root"). */
export function deptDetails(d: SimDept): Record<string, unknown> {
  return {
    dept_id: d.deptId,
    name: d.name,
    ...(d.deptId === ROOT_DEPT_ID ? {} : { parent_id: d.parentId }),
    order: d.order ?? 0,
    create_dept_group: false,
    auto_add_user: false,
    auto_approve_apply: false,
    brief: '',
    group_contain_sub_dept: false,
    dept_manager_userid_list: d.managerUserIds ?? [],
    hide_dept: false,
    outer_dept: false,
    from_union_org: false,
    extention: '{}',
  };
}
