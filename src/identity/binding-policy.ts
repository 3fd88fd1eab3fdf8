/**
 * The seed's binding settings, the same for every external source: Auto-bind, the Source and User
 * Association Attributes it matches, and what happens When User is Not Associated. Each external type's
 * configuration carries these fields; the login's binding rules read them (src/login/binding-rules.ts).
 * How the console asks for them, in both languages: binding-policy-form.ts.
 */
import { Type } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import { VISIBLE_LINES_PATTERN } from '../validation.ts';
import { USER_ATTRIBUTES, type SourceRefs, type UserAttribute } from './types.ts';

export const NOT_ASSOCIATED_POLICIES = ['bind_existing', 'create_user', 'deny'] as const;
export type NotAssociatedPolicy = (typeof NOT_ASSOCIATED_POLICIES)[number];

export interface BindingPolicy {
  autoBind: boolean;
  sourceAttribute: string;
  userAttribute: UserAttribute;
  notAssociated: NotAssociatedPolicy;
  notAssociatedOrgUnitId?: string | null;
  /** The binding page also offers signing in with an existing account's password (absent: off). */
  passwordLink?: boolean;
  denyMessage?: string | null;
}

/** Who the policy lets in: only a super admin sets these (src/sources/trust-rules.ts). */
export const BINDING_TRUST_FIELDS = ['autoBind', 'sourceAttribute', 'userAttribute', 'notAssociated', 'notAssociatedOrgUnitId', 'passwordLink'] as const;

/** The schema fields of the policy, for a type that offers `attributes` (its default first). */
export function bindingPolicyFields(attributes: Readonly<Record<string, readonly UserAttribute[]>>, defaults: { sourceAttribute: string; userAttribute: UserAttribute }) {
  return {
    autoBind: Type.Boolean({ default: true, description: 'Bind first-time users automatically by the association attributes' }),
    sourceAttribute: Type.Union(
      Object.keys(attributes).map((v) => Type.Literal(v)),
      { default: defaults.sourceAttribute, description: 'Source Association Attribute (the upstream side)' },
    ),
    userAttribute: Type.Union(
      USER_ATTRIBUTES.map((v) => Type.Literal(v)),
      { default: defaults.userAttribute, description: 'User Association Attribute (Portico side)' },
    ),
    notAssociated: Type.Union(NOT_ASSOCIATED_POLICIES.map((v) => Type.Literal(v)), {
      default: 'bind_existing',
      description: 'When User is Not Associated: bind an existing account (phone + code), create a new account, or deny login',
    }),
    notAssociatedOrgUnitId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'Org unit for created accounts' })),
    passwordLink: Type.Boolean({ default: false, description: "Also let people bind by signing in with their existing account's password" }),
    denyMessage: Type.Optional(Type.Union([Type.String({ maxLength: 500, pattern: VISIBLE_LINES_PATTERN }), Type.Null()], { description: 'Whom to contact, shown when login is denied' })),
  };
}

/** The rules across the policy's fields: compatible attributes, and an org unit to create accounts in. */
export async function checkBindingPolicy(policy: BindingPolicy, attributes: Readonly<Record<string, readonly UserAttribute[]>>, label: string, refs: SourceRefs) {
  const compatible = attributes[policy.sourceAttribute] ?? [];
  if (!compatible.includes(policy.userAttribute)) {
    throw invalid(
      'source.incompatible_attributes',
      `${label}'s ${policy.sourceAttribute} cannot be matched with a user's ${policy.userAttribute}; choose one of ${compatible.join(', ')}.`,
      '/config/userAttribute',
    );
  }
  if (policy.notAssociated === 'create_user') {
    if (!policy.notAssociatedOrgUnitId) {
      throw invalid('source.org_unit_required', 'Choose the org unit that new accounts are created in.', '/config/notAssociatedOrgUnitId');
    }
    await refs.assertOrgUnit(policy.notAssociatedOrgUnitId, '/config/notAssociatedOrgUnitId');
  }
}
