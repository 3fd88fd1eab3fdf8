/**
 * What every request an SP sends carries (SAML 2.0 Core §3.2.1, RequestAbstractType): an ID, version
 * 2.0, an Issuer naming the SP, an IssueInstant, maybe a Destination. Read here once for each kind.
 */
import type { Element } from '@xmldom/xmldom';
import { fail } from '../errors.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import type { SignableMessage } from './sp-signature.ts';
import { child, NS, parseXml } from './xml.ts';

/** How far a request's IssueInstant may be from now; its ID is remembered twice as long, so a replay is always caught. */
export const SP_REQUEST_WINDOW_MS = 10 * 60 * 1000;

export interface SpRequest extends SignableMessage {
  issuer: string;
  issueInstant: string;
  destination?: string;
}

/** The RelayState an SP may send, and get back (SAML Bindings §3.4.3: at most 80 bytes; room is left for SPs that send more). */
const RELAY_STATE_MAX = 1024;

/** The RelayState a request came with (a form field or a query parameter), as it goes back to the SP; undefined for none. */
export const relayStateOf = (value: unknown): string | undefined => (typeof value === 'string' && value ? value.slice(0, RELAY_STATE_MAX) : undefined);

/** A failure to read a request of some kind (e.g. AuthnRequest). */
export type Malformed = (why: string) => Error;

export const malformedAs = (kind: string): Malformed => (why) => fail('saml.invalid_request', `The ${kind} is malformed: ${why}.`);

/** The request's common parts, from a document whose root must be samlp:<kind>. */
export function readSpRequest(xml: string, kind: string, malformed: Malformed): SpRequest & { root: Element } {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== NS.protocol || root.localName !== kind) throw malformed(`not a ${kind}`);
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw malformed('no valid ID');
  if (root.getAttribute('Version') !== '2.0') throw malformed('not SAML 2.0');
  const issuer = child(root, NS.assertion, 'Issuer')?.textContent?.trim();
  if (!issuer) throw malformed('no Issuer');
  return { id, issuer, issueInstant: root.getAttribute('IssueInstant') ?? '', destination: root.getAttribute('Destination') || undefined, xml, root };
}

/**
 * The checks every request passes before it is acted on: addressed here (when it says where), issued
 * within the window, and taken once (the same ID from the same SP again is a replay).
 */
export async function takeOnce(shortLived: ShortLivedStore, r: SpRequest, here: string): Promise<void> {
  if (r.destination && r.destination !== here) throw fail('saml.invalid_request', `The request is addressed to ${r.destination}, not here.`);
  const issued = Date.parse(r.issueInstant);
  if (!Number.isFinite(issued) || Math.abs(Date.now() - issued) > SP_REQUEST_WINDOW_MS) throw fail('saml.invalid_request', 'The request is too old, or from the future (check the clocks).');
  if (!(await shortLived.setIfAbsent(`saml-request:${r.issuer}:${r.id}`, 1, 2 * SP_REQUEST_WINDOW_MS))) throw fail('saml.request_replayed', 'This request was used already. Start again from the application.');
}
