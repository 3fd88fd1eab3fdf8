/**
 * A type's form as the console gets it: the words and layout its description gives (src/identity/form.ts)
 * joined with what its configuration schema says of each field (kind, default, choices, range, length,
 * pattern, whether required) and whether it is a secret or a trust setting. Nothing the schema says is
 * written twice.
 */
import type { TObject } from '@sinclair/typebox';
import type { SourceType } from '../identity/types.ts';
import type { DisplayForm, FieldForm, MemberForm } from '../identity/form.ts';
import type { Localized } from '../identity/views.ts';
import type { FormDisplayView, FormFieldKind, FormFieldView, SourceFormView } from './views.ts';
import { trustDefaults } from './trust-rules.ts';

/** The JSON schema keywords a form reads. */
interface Json {
  type?: string;
  anyOf?: Json[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, Json>;
  required?: string[];
}

/** A field's schema without its `| null`, and the values of a choice among literals. */
function unwrap(schema: Json): { core: Json; nullable: boolean; values?: string[] } {
  const variants = schema.anyOf ?? [schema];
  const present = variants.filter((v) => v.type !== 'null');
  const nullable = present.length < variants.length;
  if (present.length > 1 || 'const' in present[0]) return { core: schema, nullable, values: present.map((v) => String(v.const)) };
  return { core: present[0], nullable };
}

function kindOf(core: Json, values: string[] | undefined, o: { secret: boolean; declared?: FieldForm['kind'] }): FormFieldKind {
  if (o.declared) return o.declared;
  if (o.secret) return 'secret';
  if (values) return 'select';
  if (core.type === 'boolean') return 'switch';
  if (core.type === 'integer') return 'integer';
  if (core.type === 'object') return 'group';
  return core.format === 'uri' ? 'url' : 'text';
}

/** `{min}`, `{max}` and `{default}` in a text, from the schema. */
function filled(text: Localized | undefined, vars: Record<string, unknown>): Localized | undefined {
  if (!text) return undefined;
  const fill = (s: string) => s.replace(/\{(min|max|default)\}/g, (m, k: string) => (vars[k] === undefined ? m : String(vars[k])));
  return { en: fill(text.en), 'zh-CN': fill(text['zh-CN']) };
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

interface Place {
  key: string;
  section: string;
  required: boolean;
  secret: boolean;
  trust: boolean;
  creatorChooses: boolean;
}

/** One field, or a group's member (`form` is then only its label and help, `place` its group's). */
function fieldView(schema: Json, form: FieldForm | MemberForm, place: Place, fallbackDefault?: unknown): FormFieldView {
  const { core, nullable, values } = unwrap(schema);
  const f: Partial<FieldForm> = form;
  const kind = kindOf(core, values, { secret: place.secret, declared: f.kind });
  const fallback = schema.default ?? fallbackDefault;
  const vars = { min: core.minimum, max: core.maximum, default: fallback };
  const members =
    kind === 'group' && core.properties
      ? Object.entries(core.properties).map(([member, memberSchema]) => {
          const memberForm = f.members?.[member];
          if (!memberForm) throw new Error(`The form of ${place.key} does not describe its member ${member}.`);
          const required = core.required?.includes(member) ?? false;
          return fieldView(memberSchema, memberForm, { ...place, key: `${place.key}.${member}`, required }, (fallback as Record<string, unknown> | undefined)?.[member]);
        })
      : undefined;
  return defined({
    key: place.key,
    kind,
    section: place.section,
    label: form.label,
    help: filled(form.help, vars),
    helpWhenSet: filled(f.helpWhenSet, vars),
    wide: f.wide ?? false,
    required: place.required,
    requiredWhen: f.requiredWhen,
    requiredMessage: f.requiredMessage,
    shownWhen: f.shownWhen,
    nullable,
    default: fallback,
    options: values?.map((value) => {
      const label = f.options?.[value];
      if (!label) throw new Error(`The form of ${place.key} has no words for its choice ${value}.`);
      return { value, label };
    }),
    minimum: core.minimum,
    maximum: core.maximum,
    step: f.step,
    unit: f.unit,
    maxLength: core.maxLength,
    pattern: kind === 'url' ? undefined : core.pattern,
    patternMessage: f.patternMessage,
    secret: place.secret,
    trust: place.trust,
    creatorChooses: place.creatorChooses,
    members,
    resetLabel: f.resetLabel,
    fixedUnless: f.fixedUnless,
  });
}

const displayView = (key: string, form: DisplayForm): FormDisplayView =>
  defined({ key, kind: 'display', value: form.display, section: form.section, label: form.label, help: form.help, wide: form.wide ?? false });

/**
 * The form of a type that describes one; throws when the description and the schema disagree (a field
 * or a choice without words, words for a field that does not exist): a programming error, caught by
 * src/sources/form-view.test.ts.
 */
export function formView(type: SourceType): SourceFormView | null {
  const form = type.form;
  if (!form) return null;
  const schema: TObject = type.configSchema;
  const properties = schema.properties as Record<string, Json>;
  const required = new Set(schema.required ?? []);
  const defaults = trustDefaults(type);
  for (const key of Object.keys(properties)) if (!(key in form.fields)) throw new Error(`The form of ${type.type} does not describe its field ${key}.`);
  const items = Object.entries(form.fields).map(([key, described]) => {
    if ('display' in described) return displayView(key, described);
    const fieldSchema = properties[key];
    if (!fieldSchema) throw new Error(`The form of ${type.type} describes ${key}, which its configuration does not have.`);
    const trust = type.trustFields.includes(key);
    const place = { key, section: described.section, required: required.has(key), secret: type.secretFields.includes(key), trust, creatorChooses: trust && !(key in defaults) };
    return fieldView(fieldSchema, described, place);
  });
  return {
    ...defined({ intro: form.intro, nameHelp: form.nameHelp, trustNotice: form.trustNotice, created: form.created }),
    ...(form.connection && { connection: { intro: form.connection.intro, ok: form.connection.ok, advice: { ...form.connection.advice } } }),
    ...(form.entryAddress && { entryAddress: { ...form.entryAddress, fields: [...form.entryAddress.fields] } }),
    summary: [...(form.summary ?? [])],
    sections: form.sections.map((s) => ({ id: s.id, title: s.title, collapsed: s.collapsed ?? false, trustNotice: s.trustNotice ?? false })),
    items,
  };
}
