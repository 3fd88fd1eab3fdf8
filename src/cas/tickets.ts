/**
 * CAS service tickets (CAS 3.0 §3.1): opaque, `ST-` prefixed, bound to the service they were issued for,
 * valid for one validation attempt whatever its outcome, and short-lived; kept in the shared store, so
 * any node validates a ticket another issued.
 */
import { randomBytes } from 'node:crypto';
import type { ShortLivedStore } from '../store/short-lived.ts';

/** How long a service ticket may wait for its validation: CAS 3.0 §3.1.1 recommends no more than about 10 s, and so it is. */
export const CAS_TICKET_TTL_MS = 10_000;
/** CAS 3.0 §3.7: tickets carry at least 20 random characters besides their prefix; these carry 256 bits. */
const TICKET_BYTES = 32;

export interface ServiceTicket {
  applicationId: string;
  /** The service URL it was issued for, normalized. */
  service: string;
  userId: string;
  /** Issued right after the person signed in (CAS `isFromNewLogin`; what `renew=true` asks for). */
  fresh: boolean;
  /** When the person signed in (ms). */
  authTime: number;
}

const key = (ticket: string) => `cas-st:${ticket}`;

export async function issueTicket(shortLived: ShortLivedStore, t: ServiceTicket): Promise<string> {
  const ticket = `ST-${randomBytes(TICKET_BYTES).toString('base64url')}`;
  await shortLived.set(key(ticket), t, CAS_TICKET_TTL_MS);
  return ticket;
}

/** Takes a ticket: it is gone after this, whether the validation then passes or not (CAS 3.0 §3.1.1). */
export async function takeTicket(shortLived: ShortLivedStore, ticket: string): Promise<ServiceTicket | undefined> {
  if (!/^ST-[\w-]{20,100}$/.test(ticket)) return undefined;
  return shortLived.take<ServiceTicket>(key(ticket));
}
