/**
 * The login pages' sentences for reasons name registered codes (src/identity/codes.ts), so none is left
 * behind when a code goes: the page kit's `reason.<code>` keys, and each source type's in its messages.
 * `reason.external.<outcome>` is the page kit's sentence for every external type's `{type}.<outcome>`
 * without wording of its own (src/pages/error-page.ts), so it names a template.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageKitKeys } from './i18n.ts';
import { CODES } from '../identity/codes.ts';
import { SOURCE_TYPES } from '../identity/registry.ts';
import { EXTERNAL_TYPE_TEMPLATES } from '../codes/templates.ts';

const EXTERNAL = 'external.';

/** The reason keys among `keys` whose code is not registered. */
function unregistered(keys: string[]): string[] {
  return keys
    .filter((key) => key.startsWith('reason.'))
    .filter((key) => {
      const code = key.slice('reason.'.length);
      return code.startsWith(EXTERNAL) ? !(`{type}.${code.slice(EXTERNAL.length)}` in EXTERNAL_TYPE_TEMPLATES) : !(code in CODES);
    });
}

test("every reason the page kit words is a registered code (or an external type's template)", () => {
  const keys = pageKitKeys();
  assert.ok(keys.filter((k) => k.startsWith('reason.')).length > 30, 'the page kit has its reasons');
  assert.deepEqual(unregistered(keys), []);
});

test("every reason a source type words on the pages is a registered code", () => {
  for (const def of SOURCE_TYPES) {
    for (const messages of Object.values(def.messages ?? {})) assert.deepEqual(unregistered(Object.keys(messages)), [], def.type);
  }
});
