/**
 * What happens after an external source says who signed in: the seed's "Auto-bind Option
 * Enabled/Disabled" and "When User is Not Associated" rules, as one pure decision, for every source
 * type. No HTTP, no SQL.
 */
import type { BindingPolicy } from '../identity/binding-policy.ts';
import type { UserAttribute } from '../identity/types.ts';
import { canSignIn } from '../directory/users.ts';

export interface Candidate {
  id: string;
  status: string;
}

export type NotAssociatedCause = 'no_match' | 'ambiguous' | 'attribute_missing' | 'attribute_unverified' | 'autobind_off';

/** Reasons are the stable codes of the login events, under the source type's name (e.g. `dingtalk.bound_auto`). */
export type Decision =
  | { kind: 'sign_in'; userId: string; reason: string }
  | { kind: 'bind'; userId: string; reason: string }
  | { kind: 'ask_phone'; reason: string; cause: NotAssociatedCause }
  | { kind: 'create_user'; reason: string; cause: NotAssociatedCause }
  | { kind: 'deny'; reason: string; cause: NotAssociatedCause }
  | { kind: 'deny'; reason: 'login.user_inactive'; userId: string };

export interface DecisionInput {
  /** The source type, naming the reasons. */
  type: string;
  policy: Pick<BindingPolicy, 'autoBind' | 'notAssociated'>;
  /** The user already bound to this identity on this source, if any. */
  bound?: Candidate;
  /** The Source Association Attribute's value (undefined: the upstream did not give it). */
  attributeValue?: string;
  /** Whether the upstream verified that value; only verified values bind (account pre-hijacking). */
  verified?: boolean;
  /** Users whose User Association Attribute equals that value (at most two are needed). */
  matches: Candidate[];
}

export function decide(input: DecisionInput): Decision {
  const { type, policy, bound, attributeValue, matches } = input;
  if (bound) {
    // A disabled or locked user never gets in, through any binding.
    return canSignIn(bound) ? { kind: 'sign_in', userId: bound.id, reason: `${type}.bound` } : { kind: 'deny', reason: 'login.user_inactive', userId: bound.id };
  }
  if (!policy.autoBind) return { kind: 'ask_phone', reason: `${type}.autobind_off`, cause: 'autobind_off' };

  let cause: NotAssociatedCause;
  if (attributeValue === undefined) cause = 'attribute_missing';
  else if (!input.verified) cause = 'attribute_unverified';
  else if (matches.length > 1) cause = 'ambiguous';
  else if (matches.length === 0) cause = 'no_match';
  else if (!canSignIn(matches[0])) return { kind: 'deny', reason: 'login.user_inactive', userId: matches[0].id };
  else return { kind: 'bind', userId: matches[0].id, reason: `${type}.bound_auto` };

  switch (policy.notAssociated) {
    case 'bind_existing':
      return { kind: 'ask_phone', reason: `${type}.not_associated.bind_existing`, cause };
    case 'create_user':
      return { kind: 'create_user', reason: `${type}.not_associated.created`, cause };
    case 'deny':
      return { kind: 'deny', reason: `${type}.not_associated.denied`, cause };
  }
}

/** Portico-side values are stored normalized; the upstream's value is brought to the same form. */
export function userAttributeValue(attribute: UserAttribute, value: string): string {
  return attribute === 'username' ? value.toLowerCase() : value;
}
