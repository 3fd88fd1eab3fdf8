/**
 * An application's inline JWK Set for private_key_jwt: public signing keys only. A private or symmetric
 * key's secret members are refused, so that what an administrator pastes by mistake is never stored.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { invalid } from '../../errors.ts';
import type { PublicJwks } from './views.ts';

/** Members that hold a key's secret (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2; draft ML-DSA `priv`). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];
const PUBLIC_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);
/** RSA keys below 2048 bits are refused by the provider's JWT library (and by NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

export function checkClientJwks(jwks: PublicJwks, field: string): PublicJwks {
  if (!jwks.keys.length) throw invalid('application.invalid_jwks', 'A JWK Set needs at least one key.', `${field}/keys`);
  jwks.keys.forEach((jwk, i) => {
    const at = `${field}/keys/${i}`;
    const secret = SECRET_MEMBERS.find((member) => member in jwk);
    if (secret) throw invalid('application.jwks_private_key', `Register public keys only: "${secret}" belongs to a private or secret key, which stays with the application.`, at);
    if (!PUBLIC_KEY_TYPES.has(String(jwk.kty))) throw invalid('application.invalid_jwks', 'Each key must be an RSA, EC or OKP public key.', at);
    if (jwk.use !== undefined && jwk.use !== 'sig') throw invalid('application.invalid_jwks', 'A key that authenticates the application signs: its "use" must be "sig".', at);
    let bits: number | undefined;
    try {
      bits = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails?.modulusLength;
    } catch {
      throw invalid('application.invalid_jwks', 'This is not a valid public key.', at);
    }
    if (jwk.kty === 'RSA' && (bits ?? 0) < MIN_RSA_BITS) throw invalid('application.invalid_jwks', `RSA keys must have at least ${MIN_RSA_BITS} bits.`, at);
  });
  return jwks;
}
