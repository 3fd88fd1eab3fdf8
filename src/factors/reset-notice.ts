/**
 * After an administrator reset someone's second factors, the person is told why they are asked to set up
 * an authenticator app again, at the next sign-in that asks for a second factor; the mark goes once they did.
 */
import type { ShortLivedStore } from '../store/short-lived.ts';

/**
 * How long the mark waits for that sign-in. The reset's record is in the audit log for good; this is only
 * a courtesy, and a person whose applications ask for a second factor signs in well within a quarter, while
 * someone back after longer has forgotten the old app anyway.
 */
export const FACTORS_RESET_NOTICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

const key = (userId: string) => `factors-reset:${userId}`;

export const markFactorsReset = (shortLived: ShortLivedStore, userId: string) => shortLived.set(key(userId), true, FACTORS_RESET_NOTICE_TTL_MS);

export const wereFactorsReset = async (shortLived: ShortLivedStore, userId: string) => (await shortLived.get<boolean>(key(userId))) === true;

export const clearFactorsReset = (shortLived: ShortLivedStore, userId: string) => shortLived.delete(key(userId));
