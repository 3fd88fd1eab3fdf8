/**
 * `keys list` and `keys rotate <oidc|saml> [--now|--force]`: the signing keys of the OpenID Connect
 * provider and of the SAML identity provider, changed as the Enterprise Center changes them
 * (src/admin/signing-key-changes.ts), with the same audit events, the operator as actor.
 *
 * A rotation takes two runs, as in the console: the first publishes the next key(s), the second, once
 * relying parties (SPs) can hold them, makes them sign. `--force` makes a published next key sign before
 * that wait is over; `--now` does both at once, for a compromised key.
 */
import type { Store } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { auditedAs } from '../admin/audited.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { activateNextOidcKeys, activateNextSamlKey, publishNextOidcKeys, publishNextSamlKey, rotateOidcKeysNow } from '../admin/signing-key-changes.ts';
import { listSigningKeys as listOidcKeys } from '../oidc/signing-keys.ts';
import { KEYSET_REFRESH_MS, NEXT_KEY_MIN_PUBLISHED_S } from '../oidc/policy.ts';
import { activeSigningKey, listSigningKeys as listSamlKeys, SAML_NEXT_KEY_MIN_PUBLISHED_S } from '../saml/keys.ts';
import type { CommandIo } from './operator.ts';

export type KeyKind = 'oidc' | 'saml';
export const KEY_KINDS: readonly KeyKind[] = ['oidc', 'saml'];

const when = (label: string, at: string | null) => (at ? `, ${label} ${at}` : '');

export async function listKeys(store: Store, io: CommandIo): Promise<void> {
  const oidc = await listOidcKeys(store.db);
  io.out(`OpenID Connect signing keys (a next key may sign ${NEXT_KEY_MIN_PUBLISHED_S} s after it is published):\n`);
  if (!oidc.length) io.out('  none yet (a node makes them at its first start)\n');
  for (const k of oidc) io.out(`  ${k.state.padEnd(8)}  ${k.alg.padEnd(5)}  ${k.kid}  created ${k.createdAt}${when('activated', k.activatedAt)}${when('published until', k.retireAfter)}\n`);
  const saml = await listSamlKeys(store.db);
  io.out(`SAML signing keys (a next key may sign ${SAML_NEXT_KEY_MIN_PUBLISHED_S / 3600} h after it is published):\n`);
  if (!saml.length) io.out('  none yet (made at the first SAML sign-in or metadata request)\n');
  for (const k of saml) {
    io.out(`  ${k.state.padEnd(8)}  ${k.id}  SHA-256 ${k.fingerprint}  created ${k.createdAt}${when('activated', k.activatedAt)}${when('in the metadata until', k.retireAfter)}\n`);
  }
}

const kidsOf = (keys: { kid: string; alg: string }[]) => keys.map((k) => `${k.kid} (${k.alg})`).join(', ');
/** The keys that keep being published, with the verb that fits them. */
const staying = (keys: { kid: string; alg: string }[]) => (keys.length ? `${kidsOf(keys)} ${keys.length === 1 ? 'stays' : 'stay'}` : 'no key stays');

async function rotateOidc(store: Store, box: SecretBox, mode: { now: boolean; force: boolean }, io: CommandIo) {
  const reach = `Every node signs with the new keys within ${KEYSET_REFRESH_MS / 1000} s.`;
  if (mode.now) {
    const r = await auditedAs(store, OPERATOR_ACTOR, rotateOidcKeysNow(box));
    io.out(`OpenID Connect keys rotated at once: ${kidsOf(r.activated)} sign now; ${staying(r.retiring)} in the JWKS, not signing, until the tokens it signed have expired.\n`);
    if (r.discarded.length) io.out(`Next keys published earlier, never used, were discarded: ${kidsOf(r.discarded)}.\n`);
    io.out(`${reach}\n`);
    return;
  }
  const next = (await listOidcKeys(store.db)).filter((k) => k.state === 'next');
  if (next.length === 0 && !mode.force) {
    const r = await auditedAs(store, OPERATOR_ACTOR, publishNextOidcKeys(box));
    io.out(`Next OpenID Connect keys published in the JWKS, not signing yet: ${kidsOf(r.published)}.\n`);
    io.out(`Run \`npm run admin -- keys rotate oidc\` again after ${r.activatableAt} to make them sign.\n`);
    return;
  }
  const r = await auditedAs(store, OPERATOR_ACTOR, activateNextOidcKeys(mode.force));
  io.out(`Next OpenID Connect keys activated${mode.force ? ' (forced)' : ''}: ${kidsOf(r.activated)} sign now; ${staying(r.retiring)} in the JWKS until the tokens it signed have expired.\n`);
  io.out(`${reach}\n`);
}

async function rotateSaml(store: Store, box: SecretBox, mode: { now: boolean; force: boolean }, io: CommandIo) {
  // The active key exists first, as the console makes it: a next key has something to replace.
  await activeSigningKey(store.db, box);
  const next = (await listSamlKeys(store.db)).find((k) => k.state === 'next');
  if (mode.now || (!next && !mode.force)) {
    const r = await auditedAs(store, OPERATOR_ACTOR, publishNextSamlKey(box));
    io.out(`Next SAML signing certificate published in the metadata: ${r.published.id}, SHA-256 ${r.published.fingerprint}${r.replaced ? ` (it replaces ${r.replaced}, never used)` : ''}.\n`);
    if (!mode.now) {
      io.out(`Give it to SPs that take the certificate by hand; run \`npm run admin -- keys rotate saml\` again after ${r.activatableAt} to make it sign.\n`);
      return;
    }
  }
  const r = await auditedAs(store, OPERATOR_ACTOR, activateNextSamlKey(mode.force || mode.now));
  io.out(`SAML signing key ${r.activated} activated${mode.force || mode.now ? ' (forced)' : ''}: it signs every node's next response.`);
  io.out(r.retiring ? ` ${r.retiring.id} stays in the metadata, retired, until ${r.retiring.retireAfter}.\n` : '\n');
}

export async function rotateKeys(store: Store, box: SecretBox, kind: KeyKind, mode: { now: boolean; force: boolean }, io: CommandIo): Promise<void> {
  if (kind === 'oidc') await rotateOidc(store, box, mode, io);
  else await rotateSaml(store, box, mode, io);
}
