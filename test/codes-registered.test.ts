/**
 * Every code Portico's code raises or records is in the registry (src/identity/codes.ts), read from the
 * source text of src/ (tests excepted; src/connectors/ too: a wire client's codes are its own, and the
 * DingTalk connector's are checked below against the DingTalk type's). What the scan reads:
 *
 * - raising: `new PorticoError('<kind>', '<code>'`, whose kind must also be the registry's; the raisers and
 *   helpers `fail('<code>'`, `failWith('<code>'`, `invalid|conflict|forbidden('<code>'`; `notFound('<what>'`,
 *   which raises `<what>.not_found`. (src/errors.ts is not read: it defines them, with parameters.)
 * - recording: every code-shaped string literal, plain or template, in the expression given to `reason`,
 *   `action` or `code`, as a property, a type or a variable (`reason: 'otp.sent'`, `reason: 'a' | 'b'`,
 *   `const reason = found ? 'a' : 'b'`, `let code = 'internal'`), up to the end of that expression.
 *
 * In a template, `${type}` and `${p.type}` stand for each external source type (the login routes name the
 * type so); any other placeholder must be declared in PLACEHOLDERS with the values it takes, or the code is
 * reported as one the scan cannot check.
 *
 * Not read: codes that only pass through (`reason: error.code`, `reason: decision.reason`), whose literals
 * are read where they are raised or decided; tables of codes (validation's keyword codes, Fastify's
 * refusals, the unique user fields, DingTalk's REPORTED_AS), which are typed with the registry's code types
 * so that tsc checks them; and any form not listed above.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CODES } from '../src/identity/codes.ts';
import { SOURCE_TYPES } from '../src/identity/registry.ts';
import { DINGTALK_ERROR_CODES } from '../src/connectors/dingtalk/index.ts';

const SRC = path.resolve(import.meta.dirname, '../src');
const NOT_READ = [path.join(SRC, 'connectors'), path.join(SRC, 'errors.ts')];

const EXTERNAL_TYPES = SOURCE_TYPES.filter((def) => def.external).map((def) => def.type);
/** The authorization errors an OAuth 2.0 / OpenID Connect provider answers with (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6). */
const AUTHORIZATION_ERRORS = [
  'invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope', 'server_error', 'temporarily_unavailable',
  'interaction_required', 'login_required', 'account_selection_required', 'consent_required', 'invalid_request_uri', 'invalid_request_object',
  'request_not_supported', 'request_uri_not_supported', 'registration_not_supported',
];
/** What each placeholder of a code template stands for. */
const PLACEHOLDERS: Record<string, readonly string[]> = {
  type: EXTERNAL_TYPES,
  'p.type': EXTERNAL_TYPES,
  // src/oidc/: the provider's error, as its pages show it and its audit events record it
  'out.error': AUTHORIZATION_ERRORS,
  "error.error ?? 'server_error'": AUTHORIZATION_ERRORS,
  // src/sync/apply.ts: a synced user's change, recorded as its reason
  'change.kind': ['update', 'move', 'reenable', 'disable'],
};

/** A code: dot-separated lower-case words, any of them (but not all: that is HTML's `action="${…}"`) a `${…}` placeholder. */
const CODE_SHAPE = /^(?:[a-z][a-z0-9_]*|\$\{[^}]+\})(?:\.(?:[a-z0-9_]+|\$\{[^}]+\}))*$/;
const isCode = (s: string) => CODE_SHAPE.test(s) && /[a-z]/.test(s.replace(/\$\{[^}]+\}/g, ''));

interface Found {
  where: string;
  code: string;
  kind?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (NOT_READ.includes(file)) return [];
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Where the string literal opening at `at` closes (a template's `${…}` skipped over). */
function closingQuote(text: string, at: number): number {
  const quote = text[at];
  for (let i = at + 1, nested = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (quote === '`' && text.startsWith('${', i)) nested++;
    else if (nested > 0 && text[i] === '}') nested--;
    else if (nested === 0 && text[i] === quote) return i;
  }
  return text.length;
}

/**
 * The string literals at the top level of the expression starting at `from` (not inside a call's
 * arguments or a type's `<…>`), which ends at a `,` `;` `)` `]` `}` or line end outside brackets.
 */
function literalsAt(text: string, from: number): string[] {
  const literals: string[] = [];
  const open: string[] = [];
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(text, i);
      if (!open.length) literals.push(text.slice(i + 1, end));
      i = end;
    } else if (OPENERS[c] && (c !== '<' || /\w/.test(text[i - 1]))) open.push(OPENERS[c]);
    else if (c === open.at(-1)) open.pop();
    else if (!open.length && ',;)]}\n'.includes(c)) break;
  }
  return literals;
}

function scan(file: string): Found[] {
  const text = readFileSync(file, 'utf8');
  const where = (at: number) => `${path.relative(SRC, file)}:${text.slice(0, at).split('\n').length}`;
  const found: Found[] = [];
  for (const m of text.matchAll(/new PorticoError\(\s*'(\w+)',\s*(['`])([^'`]*)\2/g)) found.push({ where: where(m.index), code: m[3], kind: m[1] });
  for (const m of text.matchAll(/\b(?:fail|failWith|invalid|conflict|forbidden)\(\s*(['`])([^'`]*)\1/g)) found.push({ where: where(m.index), code: m[2] });
  for (const m of text.matchAll(/\bnotFound\(\s*'([^']*)'/g)) found.push({ where: where(m.index), code: `${m[1]}.not_found` });
  // `reason: …` as a property or a type; `reason = …` with spaces, as code is written (HTML's `action="…"` has none).
  for (const m of text.matchAll(/\b(?:reason|action|code)(?:\??\s*:|\s+=\s)/g)) {
    for (const literal of literalsAt(text, m.index + m[0].length)) found.push({ where: where(m.index), code: literal });
  }
  return found.filter((f) => isCode(f.code));
}

/** A code with placeholders, as every code it stands for; undefined when a placeholder is not declared. */
function expand(code: string): string[] | undefined {
  const placeholder = /\$\{([^}]+)\}/.exec(code);
  if (!placeholder) return [code];
  const values = PLACEHOLDERS[placeholder[1]];
  if (!values) return undefined;
  const expanded = values.map((v) => expand(code.replace(placeholder[0], v)));
  return expanded.every((e) => e !== undefined) ? expanded.flat() : undefined;
}

const FOUND = sourceFiles(SRC).flatMap(scan);

test('the scan reads the code where it is raised and recorded (it does not come back empty)', () => {
  const codes = new Set(FOUND.map((f) => f.code));
  for (const code of ['user.invalid_mobile', 'source.not_found', 'login.state_invalid', 'otp.sent', 'login.${type}.bind', '${type}.bound_auto', 'dingtalk.wrong_organization', 'admin.password_change', 'internal']) {
    assert.ok(codes.has(code), `the scan finds ${code}`);
  }
});

test('every code raised or recorded in src/ is registered', () => {
  const unregistered = FOUND.flatMap((f) => {
    const codes = expand(f.code);
    if (!codes) return [`${f.where} ${f.code} (a placeholder the scan does not know: declare it in PLACEHOLDERS)`];
    return codes.filter((code) => !(code in CODES)).map((code) => `${f.where} ${code}`);
  });
  assert.deepEqual(unregistered, []);
});

test('an error raised with its kind named has the kind the registry gives it', () => {
  const disagreeing = FOUND.filter((f) => f.kind && CODES[f.code]?.kind !== f.kind).map((f) => `${f.where} ${f.code}: ${f.kind}, registered ${CODES[f.code]?.kind}`);
  assert.deepEqual(disagreeing, []);
});

test("every error of the DingTalk connector is registered: Test connection records it as the reason", () => {
  assert.deepEqual(DINGTALK_ERROR_CODES.filter((code) => !(code in CODES)), []);
});
