/**
 * Reading an SP's SAML metadata, pasted or at its URL, into the settings of a SAML application: nothing is
 * saved, the console fills its form with the answer and the administrator reviews it before saving.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { invalid } from '../../errors.ts';
import { readSpMetadata, SP_METADATA_MAX_BYTES } from '../../saml/sp-metadata.ts';
import { fetchSpMetadata } from '../../saml/metadata-fetch.ts';
import { SamlViewSchema } from '../../protocols/saml/settings.ts';

const SamlMetadataImport = Type.Object(
  {
    xml: Type.Optional(Type.String({ minLength: 1, maxLength: SP_METADATA_MAX_BYTES, description: 'The metadata itself (an md:EntityDescriptor or md:EntitiesDescriptor)' })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Where the SP publishes it (https)' })),
    entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Which SP of an md:EntitiesDescriptor' })),
  },
  { additionalProperties: false },
);

/** The application's settings (src/protocols/saml/settings.ts) the metadata gives (src/protocols/saml/views.ts, ImportedSamlSettings). */
const SamlMetadataSettings = Type.Composite(
  [
    Type.Pick(SamlViewSchema, ['entityId', 'acsUrls', 'sloUrl', 'spCertificate', 'encryptionCertificate', 'requireSignedRequests']),
    Type.Object({
      signAssertion: Type.Optional(Type.Literal(true)),
      encryptAssertion: Type.Optional(Type.Literal(true)),
      nameIdFormat: Type.Optional(SamlViewSchema.properties.nameIdFormat),
    }),
  ],
  { description: "The SAML application's settings the metadata gives (null: it has none; left out: it says nothing)" },
);

/** The pasted XML in JSON, with room for escapes (a quote or a line break takes two bytes). */
const BODY_LIMIT_BYTES = 2 * SP_METADATA_MAX_BYTES + 4096;

export async function samlMetadataRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  app.post<{ Body: Static<typeof SamlMetadataImport> }>(
    '/applications/saml-metadata',
    {
      bodyLimit: BODY_LIMIT_BYTES,
      // Creating a SAML application from it is what this is for, and it makes Portico fetch a URL.
      config: { permission: 'applications:write' },
      schema: {
        tags: ['applications'],
        summary: "Read a SAML SP's metadata (the XML, or its https URL) into application settings to review; nothing is saved",
        body: SamlMetadataImport,
        response: { 200: Type.Object({ settings: SamlMetadataSettings, warnings: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const { xml, url, entityId } = request.body;
      if ((xml === undefined) === (url === undefined)) throw invalid('saml.metadata_xml_or_url', 'Give the metadata (xml) or its URL (url), one of them.', xml === undefined ? '/xml' : '/url');
      const text = xml ?? (await fetchSpMetadata(url!, ctx.config.publicUrl));
      return readSpMetadata(text, { entityId });
    },
  );
}
