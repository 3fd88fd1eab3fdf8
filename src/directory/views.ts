/**
 * The directory's answer shapes (users, their bound accounts, org units), as the Enterprise Center
 * API sends them. Type-only and import-free, so the console (web/src/lib/types.ts) shares them.
 */
export const USER_STATUSES = ['active', 'disabled', 'locked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  mobile: string | null;
  email: string | null;
  employeeNumber: string | null;
  externalId: string | null;
  status: UserStatus;
  orgUnitId: string;
  hasPassword: boolean;
  /** Whether the email / mobile is known to be the person's, and since when (null: not verified). */
  emailVerified: boolean;
  emailVerifiedAt: string | null;
  mobileVerified: boolean;
  mobileVerifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An external identity: one DingTalk account (per source) linked to one user. */
export interface Binding {
  id: string;
  sourceId: string;
  sourceName: string;
  sourceType: string;
  userId: string;
  username: string;
  /** The stable key at the source: DingTalk's unionId. */
  subject: string;
  openId: string | null;
  externalUserId: string | null;
  nick: string | null;
  avatarUrl: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}
