import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { audited } from '../audited.ts';
import { IdParams } from '../schemas.ts';
import { notFound } from '../../errors.ts';
import { activeSigningKey, listSigningKeys, SAML_NEXT_KEY_MIN_PUBLISHED_S, SAML_RETIRED_KEY_PUBLISHED_S, signingCertificate } from '../../saml/keys.ts';
import { activateNextSamlKey, publishNextSamlKey } from '../signing-key-changes.ts';

const tags = ['signing keys'];

const DateTime = Type.String({ format: 'date-time' });
const Fingerprint = Type.String({ description: "The certificate's SHA-256 fingerprint, colon-separated hex" });

const SamlSigningKey = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('next'), Type.Literal('active'), Type.Literal('retiring'), Type.Literal('retired')], {
    description: 'next: in the metadata, not signing yet; active: signing; retiring: in the metadata until retireAfter; retired: gone',
  }),
  createdAt: DateTime,
  activatedAt: Type.Union([DateTime, Type.Null()], { description: 'When it started signing; null for a key that never signed' }),
  retireAfter: Type.Union([DateTime, Type.Null()], { description: 'Null while the key signs or waits to; in the metadata until then' }),
  fingerprint: Fingerprint,
  notAfter: Type.String({ format: 'date-time', description: 'When the certificate expires' }),
});

const SamlSigningKeys = Type.Object({
  items: Type.Array(SamlSigningKey),
  nextKeyMinPublishedSeconds: Type.Integer({ description: 'How long a next certificate must be in the metadata before it may be activated without force' }),
  retiredKeyPublishedSeconds: Type.Integer({ description: 'How long a replaced certificate stays in the metadata after activation' }),
});

const ActivateBody = Type.Object(
  { force: Type.Optional(Type.Boolean({ description: 'Activate before SPs that load the metadata can hold the next certificate (a compromised key)' })) },
  { additionalProperties: false },
);

/**
 * The SAML identity provider's signing key and certificate (super admins change them), beside the OpenID
 * Connect provider's (./signing-keys.ts) and alike: list them; rotate in two steps (publish the next
 * certificate in the metadata, activate it once SPs hold it); download a certificate for an SP that
 * takes it by hand.
 */
export async function samlSigningKeyRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const { store, secretBox } = ctx;

  app.get(
    '/saml/signing-keys',
    {
      config: { permission: 'signing_keys:read' },
      schema: { tags, summary: "The SAML identity provider's signing keys (public facts only; the first is made if there is none yet)", response: { 200: SamlSigningKeys } },
    },
    async () => {
      // Made on first use, as the metadata does: the console always has an active certificate to show.
      await activeSigningKey(store.db, secretBox);
      return { items: await listSigningKeys(store.db), nextKeyMinPublishedSeconds: SAML_NEXT_KEY_MIN_PUBLISHED_S, retiredKeyPublishedSeconds: SAML_RETIRED_KEY_PUBLISHED_S };
    },
  );

  app.get(
    '/saml/signing-keys/:id/certificate',
    {
      config: { permission: 'signing_keys:read' },
      schema: {
        tags,
        summary: "A SAML signing key's certificate (PEM), for an SP that is given it by hand",
        params: IdParams,
        response: { 200: { description: 'The X.509 certificate, PEM', content: { 'application/x-pem-file': { schema: { type: 'string' } } } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const certificate = await signingCertificate(store.db, id);
      if (certificate === undefined) throw notFound('saml_signing_key', id);
      return reply.type('application/x-pem-file').header('content-disposition', `attachment; filename="portico-saml-${id}.pem"`).send(certificate);
    },
  );

  app.post(
    '/saml/signing-keys/next',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: 'Publish a next SAML signing certificate in the metadata, not signing yet; an unused next one is replaced',
        response: {
          201: Type.Object({
            published: Type.Object({ id: Type.String(), fingerprint: Fingerprint, notAfter: DateTime }),
            replaced: Type.Union([Type.String(), Type.Null()], { description: 'The next key it replaces, never used' }),
            activatableAt: DateTime,
          }),
        },
      },
    },
    async (request, reply) => {
      // The active key exists first, so that the next one has something to replace.
      await activeSigningKey(store.db, secretBox);
      const result = await audited(store, request, publishNextSamlKey(secretBox));
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/saml/signing-keys/activate',
    {
      config: { permission: 'signing_keys:write' },
      schema: {
        tags,
        summary: `Make the next SAML key sign; the active one stays in the metadata ${SAML_RETIRED_KEY_PUBLISHED_S / 86400} days. Refused (409 saml_signing_keys.activation_too_early) until it has been published ${SAML_NEXT_KEY_MIN_PUBLISHED_S / 3600} h, unless force`,
        body: ActivateBody,
        response: {
          200: Type.Object({ activated: Type.String(), retiring: Type.Union([Type.Object({ id: Type.String(), retireAfter: DateTime }), Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const force = (request.body as { force?: boolean }).force === true;
      // Every node reads the active key at each response (activeSigningKey): nothing to signal.
      return audited(store, request, activateNextSamlKey(force));
    },
  );
}
