// The org's department tree and who sits where, indexed so that the pull APIs answer in O(page), not O(org):
// children per department, direct members per department (in a stable order), userId → unionId per org.
// Holds ids only; the SimUser objects stay in World.users (keyed by unionId).
import type { SimDept, SimOrg, SimUser } from './fixture.ts';

export const ROOT_DEPT_ID = 1;

/** Sort children the way listsub answers: by `order`, then id (direction of `order` UNCONFIRMED, ref §1.3). */
function byOrder(a: SimDept, b: SimDept): number {
  return (a.order ?? 0) - (b.order ?? 0) || a.deptId - b.deptId;
}

/** One org's indexes (numbers and ids as keys: no composite strings, which cost seconds at 100,000 people). */
class OrgIndex {
  readonly depts = new Map<number, SimDept>();
  readonly children = new Map<number, number[]>();
  readonly members = new Map<number, string[]>();
  /** dept_order of a member in one department: fixed when they join it, so other people leaving does not change it. */
  readonly orders = new Map<number, Map<string, number>>();
  readonly unionIdByUserId = new Map<string, string>();
  readonly everyone = new Set<string>();
}

const NO_IDS: readonly never[] = [];

export class Directory {
  private readonly orgs: Map<string, SimOrg>;
  private readonly index = new Map<string, OrgIndex>();
  private nextOrder = 1;

  constructor(orgs: Map<string, SimOrg>, departments: SimDept[], users: Iterable<SimUser>) {
    this.orgs = orgs;
    for (const o of orgs.values()) this.index.set(o.corpId, new OrgIndex());
    for (const d of departments) this.of(d.corpId).depts.set(d.deptId, d);
    for (const d of departments) this.linkChild(d);
    for (const u of users) this.addUser(u);
  }

  private of(corpId: string): OrgIndex {
    let i = this.index.get(corpId);
    if (!i) {
      i = new OrgIndex();
      this.index.set(corpId, i);
    }
    return i;
  }

  // ---- departments --------------------------------------------------------------------------

  /** A department, the root synthesised from the org (name = the org's name, parent 0 = none). */
  dept(corpId: string, deptId: number): SimDept | undefined {
    if (deptId === ROOT_DEPT_ID) {
      const org = this.orgs.get(corpId);
      return org && { corpId, deptId: ROOT_DEPT_ID, name: org.name, parentId: 0 };
    }
    return this.index.get(corpId)?.depts.get(deptId);
  }

  /** Every non-root department. */
  allDepts(): SimDept[] {
    return [...this.index.values()].flatMap((i) => [...i.depts.values()]);
  }

  childIds(corpId: string, deptId: number): readonly number[] {
    return this.index.get(corpId)?.children.get(deptId) ?? NO_IDS;
  }

  /** True when `deptId` is `ancestorId` or below it. */
  isWithin(corpId: string, deptId: number, ancestorId: number): boolean {
    for (let d = this.dept(corpId, deptId); d; d = d.parentId ? this.dept(corpId, d.parentId) : undefined) {
      if (d.deptId === ancestorId) return true;
    }
    return false;
  }

  putDept(d: SimDept): void {
    const idx = this.of(d.corpId);
    const old = idx.depts.get(d.deptId);
    if (old) this.unlinkChild(old);
    idx.depts.set(d.deptId, d);
    this.linkChild(d);
  }

  removeDept(d: SimDept): void {
    this.unlinkChild(d);
    const idx = this.of(d.corpId);
    idx.depts.delete(d.deptId);
    idx.children.delete(d.deptId);
    idx.members.delete(d.deptId);
    idx.orders.delete(d.deptId);
  }

  private linkChild(d: SimDept): void {
    const idx = this.of(d.corpId);
    const list = idx.children.get(d.parentId) ?? [];
    list.push(d.deptId);
    list.sort((a, b) => byOrder(idx.depts.get(a)!, idx.depts.get(b)!));
    idx.children.set(d.parentId, list);
  }

  private unlinkChild(d: SimDept): void {
    const list = this.of(d.corpId).children.get(d.parentId);
    const i = list?.indexOf(d.deptId) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  // ---- people -------------------------------------------------------------------------------

  /** Direct members of a department (unionIds), in their stable order. */
  memberIds(corpId: string, deptId: number): readonly string[] {
    return this.index.get(corpId)?.members.get(deptId) ?? NO_IDS;
  }

  deptOrder(corpId: string, deptId: number, unionId: string): number {
    return this.index.get(corpId)?.orders.get(deptId)?.get(unionId) ?? 0;
  }

  unionIdOf(corpId: string, userId: string): string | undefined {
    return this.index.get(corpId)?.unionIdByUserId.get(userId);
  }

  /** unionIds of everyone in the org (any department). */
  orgMemberIds(corpId: string): ReadonlySet<string> {
    return this.index.get(corpId)?.everyone ?? new Set();
  }

  addUser(u: SimUser): void {
    const idx = this.of(u.corpId);
    idx.unionIdByUserId.set(u.userId, u.unionId);
    idx.everyone.add(u.unionId);
    for (const d of u.deptIdList) this.join(idx, u.unionId, d);
  }

  removeUser(u: SimUser): void {
    const idx = this.of(u.corpId);
    idx.unionIdByUserId.delete(u.userId);
    idx.everyone.delete(u.unionId);
    for (const d of u.deptIdList) this.leave(idx, u.unionId, d);
  }

  /** The same person (same unionId) after a change: moves them between departments, keeps the order where they stay. */
  updateUser(before: SimUser, after: SimUser): void {
    const idx = this.of(after.corpId);
    if (before.userId !== after.userId) {
      idx.unionIdByUserId.delete(before.userId);
      idx.unionIdByUserId.set(after.userId, after.unionId);
    }
    for (const d of before.deptIdList) if (!after.deptIdList.includes(d)) this.leave(idx, before.unionId, d);
    for (const d of after.deptIdList) if (!before.deptIdList.includes(d)) this.join(idx, after.unionId, d);
  }

  private join(idx: OrgIndex, unionId: string, deptId: number): void {
    let list = idx.members.get(deptId);
    if (!list) {
      list = [];
      idx.members.set(deptId, list);
      idx.orders.set(deptId, new Map());
    }
    list.push(unionId);
    idx.orders.get(deptId)!.set(unionId, this.nextOrder++);
  }

  private leave(idx: OrgIndex, unionId: string, deptId: number): void {
    const list = idx.members.get(deptId);
    const i = list?.indexOf(unionId) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    idx.orders.get(deptId)?.delete(unionId);
  }
}
