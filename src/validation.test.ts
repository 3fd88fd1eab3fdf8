import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasInvisibleCharacters, strictAjv, visibleText, VISIBLE_LINES_PATTERN, VISIBLE_TEXT_PATTERN } from './validation.ts';

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202a', '\u202e', '\u2066', '\u2069', '\u00ad', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085'];

test('names with zero-width, bidirectional or control characters are refused; every script and emoji without them pass', () => {
  const visible = strictAjv.compile({ type: 'string', pattern: VISIBLE_TEXT_PATTERN });
  for (const ok of ['张三', 'Zhāng Sān', 'Ольга', 'مريم', 'O\u2019Brien', 'Team 🚀', 'a b']) assert.equal(visible(ok), true, JSON.stringify(ok));
  for (const c of [...INVISIBLES, '\n', '\t']) assert.equal(visible(`adm${c}in`), false, JSON.stringify(c));
  for (const c of INVISIBLES) assert.equal(hasInvisibleCharacters(`x${c}`), true, JSON.stringify(c));
  assert.equal(hasInvisibleCharacters('张三'), false);
});

test('messages may span lines, but carry no invisible characters either', () => {
  const lines = strictAjv.compile({ type: 'string', pattern: VISIBLE_LINES_PATTERN });
  assert.equal(lines('Ask IT:\r\n\tdesk 3'), true);
  for (const c of INVISIBLES) assert.equal(lines(`a${c}b`), false, JSON.stringify(c));
});

test('text from outside is cleaned and bounded, never cut inside a character', () => {
  assert.equal(visibleText(' \u202eevil\u200b nick\u0000 ', 64), 'evil nick');
  assert.equal(visibleText('😀'.repeat(10), 3), '😀😀😀');
  assert.equal(visibleText('x'.repeat(5000), 64).length, 64);
});
