/**
 * A sign-in that proves an email address or mobile number marks it verified on the user who signed in.
 *
 * - A code texted to the number (SMS code login, the phone + code binding page): whoever typed the code
 *   holds the number right now, which is what `phone_number_verified` means (OpenID Connect Core §5.1:
 *   the provider "took affirmative steps to ensure that this phone number was controlled by the
 *   End-User at the time the verification was performed"). It marks the user's mobile only when that
 *   very number is the user's mobile, as the sign-in found it.
 * - An upstream identity provider's own statement that it verified the value (src/identity/types.ts,
 *   `proven`), for the user signing in with that identity who holds the same value.
 *
 * A value already marked keeps its first mark; a value changed meanwhile is left alone (the update
 * names the value). Each new mark is an audit event of the user, in the same transaction.
 */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/database.ts';
import { markContactVerified } from '../directory/user-store.ts';
import { CONTACTS, type Contact } from '../directory/verification.ts';
import type { CORE_ACTIONS } from '../codes/actions.ts';
import { recordAudit } from '../audit/audit.ts';
import { requestActor } from './events.ts';

export interface ProvenContacts {
  email?: string;
  mobile?: string;
  /** The audit reason: how it was proved (`otp.ok`, `<type>.contact_verified`). */
  reason: string;
}

/** The audit action of each new mark. */
const MARKED: Record<Contact, keyof typeof CORE_ACTIONS> = { email: 'user.email_verified', mobile: 'user.mobile_verified' };

export async function markProvenContacts(store: Store, request: FastifyRequest, userId: string, proven: ProvenContacts): Promise<void> {
  for (const contact of CONTACTS) {
    const value = proven[contact];
    if (!value) continue;
    await store.transaction(async (tx) => {
      if (!(await markContactVerified(tx, userId, contact, value))) return;
      await recordAudit(tx, requestActor(request, userId), {
        category: 'user',
        action: MARKED[contact],
        target: { type: 'user', id: userId },
        reason: proven.reason,
        after: { [contact]: value },
      });
    });
  }
}
