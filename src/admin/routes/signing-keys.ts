import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { audited } from '../audited.ts';
import { listSigningKeys, signalKeysChanged } from '../../oidc/signing-keys.ts';
import { activateNextOidcKeys, publishNextOidcKeys, rotateOidcKeysNow } from '../signing-key-changes.ts';
import { NEXT_KEY_MIN_PUBLISHED_S } from '../../oidc/policy.ts';

const tags = ['signing keys'];

const DateTime = Type.String({ format: 'date-time' });
const KeyRef = Type.Object({ kid: Type.String(), alg: Type.String() });

const SigningKey = Type.Object({
  kid: Type.String(),
  alg: Type.String(),
  state: Type.Union([Type.Literal('next'), Type.Literal('active'), Type.Literal('retiring'), Type.Literal('retired')], {
    description: 'next: in the JWKS, not signing yet; active: signing; retiring: in the JWKS until retireAfter; retired: gone',
  }),
  createdAt: DateTime,
  activatedAt: Type.Union([DateTime, Type.Null()], { description: 'When it started signing; null for a key that never signed' }),
  retireAfter: Type.Union([DateTime, Type.Null()], { description: 'Null while the key signs or waits to; published until then' }),
});

const SigningKeys = Type.Object({
  items: Type.Array(SigningKey),
  nextKeyMinPublishedSeconds: Type.Integer({ description: 'How long next keys must be published before they may be activated without force' }),
});

const Activation = Type.Object({
  activated: Type.Array(KeyRef),
  retiring: Type.Array(Type.Object({ kid: Type.String(), alg: Type.String(), retireAfter: DateTime })),
});

const Rotation = Type.Object({ ...Activation.properties, discarded: Type.Array(KeyRef, { description: 'Next keys published earlier, never used' }) });

const ActivateBody = Type.Object(
  { force: Type.Optional(Type.Boolean({ description: 'Activate before relying parties’ cached JWKS copies can hold the next keys (a compromised key)' })) },
  { additionalProperties: false },
);

/**
 * The OpenID Connect provider's signing keys (super admins change them): list them; rotate in two steps
 * (publish the next keys, activate them once relying parties' JWKS caches hold them), or at once.
 */
export async function signingKeyRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  app.get(
    '/signing-keys',
    {
      config: { permission: 'signing_keys:read' },
      schema: { tags, summary: "The OpenID Connect provider's signing keys (public facts only)", response: { 200: SigningKeys } },
    },
    async () => ({ items: await listSigningKeys(ctx.store.db), nextKeyMinPublishedSeconds: NEXT_KEY_MIN_PUBLISHED_S }),
  );

  app.post(
    '/signing-keys/next',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: 'Publish the next signing keys in the JWKS, not signing yet (409 signing_keys.next_exists if there are some)',
        response: { 201: Type.Object({ published: Type.Array(KeyRef), activatableAt: DateTime }) },
      },
    },
    async (request, reply) => {
      const result = await audited(ctx.store, request, publishNextOidcKeys(ctx.secretBox));
      signalKeysChanged();
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/signing-keys/activate',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: `Make the next keys sign; the active ones stay in the JWKS until the tokens they signed have expired. Refused (409 signing_keys.activation_too_early) until they have been published ${NEXT_KEY_MIN_PUBLISHED_S} s, unless force`,
        body: ActivateBody,
        response: { 200: Activation },
      },
    },
    async (request) => {
      const force = (request.body as { force?: boolean }).force === true;
      const activation = await audited(ctx.store, request, activateNextOidcKeys(force));
      // This node's provider picks the new keys up at its next request; other nodes within KEYSET_REFRESH_MS.
      signalKeysChanged();
      return activation;
    },
  );

  app.post(
    '/signing-keys/rotate',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: 'Emergency rotation: new keys sign at once (next keys published earlier are discarded); the old ones stay in the JWKS until the tokens they signed have expired',
        response: { 200: Rotation },
      },
    },
    async (request) => {
      const rotation = await audited(ctx.store, request, rotateOidcKeysNow(ctx.secretBox));
      signalKeysChanged();
      return rotation;
    },
  );
}
