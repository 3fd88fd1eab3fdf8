/** The page kit's own routes (its styles and scripts), and what every folder of pages sets up the same way. */
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { serveAssets } from './assets.ts';
import { pageErrorHandler } from './error-page.ts';

/** A login form, a consent form: small. A larger body is refused (413) before it is read. */
const FORM_BODY_LIMIT_BYTES = 16 * 1024;

export async function pagesPlugin(app: FastifyInstance) {
  serveAssets(app, [new URL('./assets/portico.css', import.meta.url), new URL('./assets/countdown.js', import.meta.url), new URL('./assets/signing-out.js', import.meta.url), new URL('./assets/passkey.js', import.meta.url), new URL('./assets/autopost.js', import.meta.url)]);
}

/**
 * A folder of pages (an encapsulated plugin): browsers post forms, so other bodies (JSON, text) are
 * refused with 415 before any field is read; errors become the error page.
 */
export async function setUpPages(app: FastifyInstance, o: { signInHref: string }) {
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT_BYTES });
  app.setErrorHandler(pageErrorHandler(o));
}
