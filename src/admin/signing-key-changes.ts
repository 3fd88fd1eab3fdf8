/**
 * The signing-key changes, each with the audit event it records: the OpenID Connect provider's keys
 * (src/oidc/signing-keys.ts) and the SAML identity provider's (src/saml/keys.ts). The Enterprise Center's
 * routes (./routes/signing-keys.ts, ./routes/saml-signing-keys.ts) run them as the signed-in admin, the
 * operator's command line (src/cli/keys.ts) as the operator: the same change and the same event either way.
 */
import type { Tx } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { activateNextKeys, publishNextKeys, rotateSigningKeys } from '../oidc/signing-keys.ts';
import { activateNextKey, publishNextKey } from '../saml/keys.ts';
import type { Change } from './audited.ts';

const kids = (keys: { kid: string }[]) => keys.map((k) => k.kid);

/** OpenID Connect, step one: the next keys are published in the JWKS, not signing yet. */
export const publishNextOidcKeys = (box: SecretBox) => async (tx: Tx) => {
  const published = await publishNextKeys(tx, box);
  return {
    result: published,
    action: 'signing_keys.publish_next',
    target: { type: 'signing_key', id: kids(published.published).join(',') },
    after: { next: kids(published.published) },
  } satisfies Change<unknown>;
};

/** OpenID Connect, step two: the next keys sign; `force` before relying parties' JWKS caches can hold them. */
export const activateNextOidcKeys = (force: boolean) => async (tx: Tx) => {
  const result = await activateNextKeys(tx, { force });
  return {
    result,
    action: 'signing_keys.activate',
    target: { type: 'signing_key', id: kids(result.activated).join(',') },
    before: { active: kids(result.retiring) },
    after: { active: kids(result.activated), force },
  } satisfies Change<unknown>;
};

/** OpenID Connect, both steps at once (a compromised key): fresh keys sign now. */
export const rotateOidcKeysNow = (box: SecretBox) => async (tx: Tx) => {
  const result = await rotateSigningKeys(tx, box);
  return {
    result,
    action: 'signing_keys.rotate',
    target: { type: 'signing_key', id: kids(result.activated).join(',') },
    before: { active: kids(result.retiring), next: kids(result.discarded) },
    after: { active: kids(result.activated) },
  } satisfies Change<unknown>;
};

/** SAML, step one: a next certificate in the metadata, not signing yet (an unused next one is replaced). Make the active key first (activeSigningKey). */
export const publishNextSamlKey = (box: SecretBox) => async (tx: Tx) => {
  const published = await publishNextKey(tx, box);
  return {
    result: published,
    action: 'saml_signing_keys.publish_next',
    target: { type: 'saml_signing_key', id: published.published.id },
    before: { next: published.replaced },
    after: { next: published.published.id, fingerprint: published.published.fingerprint },
  } satisfies Change<unknown>;
};

/** SAML, step two: the next key signs, the active one is retired (still in the metadata for a while). */
export const activateNextSamlKey = (force: boolean) => async (tx: Tx) => {
  const result = await activateNextKey(tx, { force });
  return {
    result,
    action: 'saml_signing_keys.activate',
    target: { type: 'saml_signing_key', id: result.activated },
    before: { active: result.retiring?.id ?? null },
    after: { active: result.activated, force },
  } satisfies Change<unknown>;
};
