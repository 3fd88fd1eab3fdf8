import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { audited } from '../audited.ts';
import { listSigningKeys, rotateSigningKeys, signalKeysChanged } from '../../oidc/signing-keys.ts';

const tags = ['signing keys'];

const SigningKey = Type.Object({
  kid: Type.String(),
  alg: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  retireAfter: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Null while the key signs; published until then' }),
  state: Type.Union([Type.Literal('active'), Type.Literal('retiring'), Type.Literal('retired')]),
});

const Rotation = Type.Object({
  activated: Type.Array(Type.Object({ kid: Type.String(), alg: Type.String() })),
  retiring: Type.Array(Type.Object({ kid: Type.String(), alg: Type.String(), retireAfter: Type.String({ format: 'date-time' }) })),
});

/** The OpenID Connect provider's signing keys: list them, and rotate (super admins only). */
export async function signingKeyRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  app.get(
    '/signing-keys',
    {
      config: { permission: 'signing_keys:read' },
      schema: { tags, summary: "The OpenID Connect provider's signing keys (public facts only)", response: { 200: Type.Object({ items: Type.Array(SigningKey) }) } },
    },
    async () => ({ items: await listSigningKeys(ctx.store.db) }),
  );

  app.post(
    '/signing-keys/rotate',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: 'Make new signing keys active; the old ones stay in the JWKS until the tokens they signed have expired',
        response: { 200: Rotation },
      },
    },
    async (request) => {
      const rotation = await audited(ctx.store, request, async (tx) => {
        const result = await rotateSigningKeys(tx, ctx.secretBox);
        return {
          result,
          action: 'signing_keys.rotate',
          target: { type: 'signing_key', id: result.activated.map((k) => k.kid).join(',') },
          before: { active: result.retiring.map((k) => k.kid) },
          after: { active: result.activated.map((k) => k.kid) },
        };
      });
      // This node's provider picks the new keys up at its next request; other nodes within KEYSET_REFRESH_MS.
      signalKeysChanged();
      return rotation;
    },
  );
}
