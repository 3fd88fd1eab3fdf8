/**
 * Single use, enforced by the store: an authorization code or refresh token redeemed twice (even by
 * two requests racing) is refused, and everything issued under its grant is revoked
 * (RFC 9700 §4.5 and §4.14.2; ASVS 10.4.2).
 */
import { errors } from 'oidc-provider';

export const SINGLE_USE_MODELS: ReadonlySet<string> = new Set(['AuthorizationCode', 'RefreshToken']);

const LABELS: Record<string, string> = { AuthorizationCode: 'authorization code', RefreshToken: 'refresh token' };

/** The token endpoint answers it as `invalid_grant`, like the provider's own replay check. */
export function replayedArtifact(model: string): Error {
  return new errors.InvalidGrant(`${LABELS[model] ?? model} already consumed`);
}
