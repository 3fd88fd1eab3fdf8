/** The binding rules (./binding-rules.ts) applied to an external identity: the lookups they need, and the binding they make. */
import type { Db, Tx } from '../store/database.ts';
import { PorticoError } from '../errors.ts';
import { createBinding, findBoundUser, type NewBinding } from '../directory/bindings.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { findUsersByAttribute } from '../directory/user-store.ts';
import type { BindingPolicy } from '../identity/binding-policy.ts';
import type { ExternalIdentity } from '../identity/types.ts';
import { decide, userAttributeValue, type Decision } from './binding-rules.ts';

/** Looks up the bound user and the auto-bind candidates, and returns the seed's decision. */
export async function decideFor(db: Db, o: { type: string; sourceId: string; policy: BindingPolicy; identity: ExternalIdentity }): Promise<Decision> {
  const { type, policy, identity } = o;
  const bound = await findBoundUser(db, o.sourceId, identity.subject);
  if (bound || !policy.autoBind) return decide({ type, policy, bound, matches: [] });
  const value = identity.attributes[policy.sourceAttribute];
  const verified = identity.verified.includes(policy.sourceAttribute);
  const matches = value === undefined || !verified ? [] : await findUsersByAttribute(db, policy.userAttribute, userAttributeValue(policy.userAttribute, value));
  return decide({ type, policy, attributeValue: value, verified, matches });
}

/** The binding that links `identity` to `userId` on the source. */
export const bindingOf = (sourceId: string, userId: string, identity: ExternalIdentity): NewBinding => ({
  sourceId,
  userId,
  subject: identity.subject,
  openId: identity.openId,
  externalUserId: identity.externalUserId,
  nick: identity.displayName,
  avatarUrl: identity.avatarUrl,
});

/** A binding the person made themselves (signed in to their account, then at the source): the user's audit event when new. */
export async function bindByUser(tx: Tx, actor: Actor, sourceId: string, userId: string, identity: ExternalIdentity): Promise<void> {
  const { id, created } = await createBinding(tx, bindingOf(sourceId, userId, identity));
  if (created) await recordAudit(tx, actor, { category: 'user', action: 'binding.create', target: { type: 'binding', id }, after: { sourceId, nick: identity.displayName } });
}

/**
 * The error, naming the source type it happened with, so its page can say "this DingTalk account"
 * (src/pages/error-page.ts reads `detail.sourceType`). Anything but a PorticoError passes unchanged.
 */
export function aboutSource(error: unknown, type: string): unknown {
  if (!(error instanceof PorticoError) || error.detail?.sourceType) return error;
  return new PorticoError(error.kind, error.code, error.message, { field: error.field, detail: { ...error.detail, sourceType: type }, cause: error.cause });
}
