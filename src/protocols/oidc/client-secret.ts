/** OpenID Connect client secrets: 256 bits from the CSPRNG, sealed at rest, shown once at creation or rotation. */
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../crypto/secret-box.ts';
import type { ApplicationTable } from '../../store/schema.ts';

const CLIENT_SECRET_BYTES = 32;
/** Bound to the application's row: a sealed secret copied into another row does not open. */
const secretContext = (applicationId: string) => `applications:${applicationId}`;

/** A new secret, in clear (to show once) and sealed (to store). */
export function newClientSecret(box: SecretBox, applicationId: string) {
  const secret = randomBytes(CLIENT_SECRET_BYTES).toString('base64url');
  return { secret, sealed: sealClientSecret(box, applicationId, secret) };
}

/** A given secret sealed for the application's row (a configuration imported from another Portico, src/cli/). */
export function sealClientSecret(box: SecretBox, applicationId: string, secret: string): string {
  return box.seal(secret, secretContext(applicationId));
}

/** The client secret in clear, for the provider's client authentication; none for a public client. */
export function openClientSecret(box: SecretBox, row: Pick<ApplicationTable, 'id' | 'client_secret_enc'>): string | undefined {
  return row.client_secret_enc ? box.open(row.client_secret_enc, secretContext(row.id)) : undefined;
}
