/**
 * The registry as a whole, from the core's codes and what each source type brings: the templates
 * expanded with its type and name, and its own codes. Source types are described, not imported (they
 * live in src/identity/, which imports this folder), so the registry is composed there.
 */
import { NAME_PLACEHOLDER, TYPE_PLACEHOLDER, type CodeEntry, type CodeTable, type ExpandedFor, type Texts } from './entry.ts';
import { CORE_TABLES } from './core.ts';
import { EVERY_TYPE_TEMPLATES, EXTERNAL_TYPE_TEMPLATES } from './templates.ts';

/** What the registry needs of a source type. */
export interface TypeCodes {
  type: string;
  /** Its name, put in the templates' words. */
  name: Texts;
  /** Signs people in through another system: the external templates apply. */
  external: boolean;
  /** Its own codes (its errors, reasons, Test connection's findings). */
  codes: CodeTable;
}

const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z0-9]/;

/**
 * `{source}` replaced by the name; a Latin name next to Chinese characters gets a space on that side
 * ("OpenID Connect 登录"), as Chinese typography sets them, while “钉钉登录” stays closed up.
 */
function fillName(text: string, name: string): string {
  return text.replaceAll(NAME_PLACEHOLDER, (_match, at: number) => {
    const pad = (edge: string, neighbour = '') => (LATIN.test(edge) && HAN.test(neighbour) ? ' ' : '');
    return pad(name[0], text[at - 1]) + name + pad(name[name.length - 1], text[at + NAME_PLACEHOLDER.length]);
  });
}

/** The templates' codes for one type, with its name in their words. */
export function expandTemplates<Table extends CodeTable, T extends string>(templates: Table, type: T, name: Texts): ExpandedFor<Table, T> {
  return Object.fromEntries(
    Object.entries(templates).map(([code, entry]) => [
      code.replace(TYPE_PLACEHOLDER, type),
      { ...entry, en: fillName(entry.en, name.en), 'zh-CN': fillName(entry['zh-CN'], name['zh-CN']) },
    ]),
  ) as ExpandedFor<Table, T>;
}

/** The templates a type has: every type's, and the external ones' when it signs in elsewhere. */
export function templatesFor<T extends string>(t: { type: T; name: Texts; external: boolean }) {
  const every = expandTemplates(EVERY_TYPE_TEMPLATES, t.type, t.name);
  return t.external ? { ...every, ...expandTemplates(EXTERNAL_TYPE_TEMPLATES, t.type, t.name) } : every;
}

/** Every code with its words and kind. A code defined twice is a mistake, refused with both places named. */
export function composeCodes(types: readonly TypeCodes[]): Record<string, CodeEntry> {
  const codes: Record<string, CodeEntry> = {};
  const origins = new Map<string, string>();
  const add = (table: CodeTable, origin: string) => {
    for (const [code, entry] of Object.entries(table)) {
      const earlier = origins.get(code);
      if (earlier) throw new Error(`the code ${code} is defined by ${earlier} and by ${origin}`);
      origins.set(code, origin);
      codes[code] = entry;
    }
  };
  for (const [part, table] of Object.entries(CORE_TABLES)) add(table, `the core's ${part}`);
  for (const t of types) {
    add(templatesFor(t), `the templates for ${t.type}`);
    add(t.codes, `the ${t.type} type`);
  }
  return codes;
}
