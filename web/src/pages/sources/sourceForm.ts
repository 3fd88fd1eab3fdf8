/**
 * Any source type's form, from its description (GET /source-types, src/sources/form-view.ts): the values
 * a source starts with, the checks made before sending, and the API body. The field keys are the
 * configuration's (`appKey`, a group's member `endpoints.login`) plus `name`, the source's name; the
 * server's problems (`/config/endpoints/login`) map onto the same keys.
 */
import type { MessageKey } from '../../i18n/en.ts';
import type { FieldCondition, FormFieldView, Localized, Source, SourceFormView, SourceTypeView } from '../../lib/types.ts';

export type FieldValue = string | boolean | Record<string, string>;
export type FormValues = Record<string, FieldValue>;

/** What is wrong with a field: a console message (with its values), or the type's own words. */
export type Problem = MessageKey | { key: MessageKey; vars: Record<string, number | Localized> } | { text: Localized };

/** The house pattern for identifiers (`^\S+$`): its failure is said as "no spaces". */
const NO_SPACES = '^\\S+$';

export const formOfType = (type: SourceTypeView): SourceFormView => {
  if (!type.form) throw new Error(`The source type ${type.type} has no form.`);
  return type.form;
};

/** The configuration's fields, without the displays. */
export const fieldsOf = (form: SourceFormView): FormFieldView[] => form.items.filter((i): i is FormFieldView => i.kind !== 'display');

/** A group member's name inside its group's value (`endpoints.login` → `login`). */
export const memberName = (group: FormFieldView, member: FormFieldView) => member.key.slice(group.key.length + 1);

export function matches(condition: FieldCondition | undefined, values: FormValues): boolean {
  return Object.entries(condition ?? {}).every(([key, wanted]) => (Array.isArray(wanted) ? wanted.includes(values[key]) : values[key] === wanted));
}

/** Whether an item is on the form now (a display always is). */
export const isShown = (item: SourceFormView['items'][number], values: FormValues) => item.kind === 'display' || matches(item.shownWhen, values);

/** A trust setting, closed to an admin who may not change them: all of them but, on a new source, those its creator chooses. */
export const isTrustSetting = (f: FormFieldView, isNew: boolean) => f.trust && !(isNew && f.creatorChooses);

/** What an empty field is told, if it must have a value now: by the schema (a secret only until one is stored), or by the type's condition. */
export function requirement(f: FormFieldView, values: FormValues, isNew: boolean): Problem | undefined {
  if (f.required && (isNew || !f.secret)) return 'validation.required';
  if (f.requiredWhen && matches(f.requiredWhen, values)) return f.requiredMessage ? { text: f.requiredMessage } : 'validation.required';
  return undefined;
}

/** Whether the label shows the "required" mark: what must be typed in (a default fills the others). */
export const isMarkedRequired = (f: FormFieldView, values: FormValues, isNew: boolean) => requirement(f, values, isNew) !== undefined && f.default === undefined;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function initial(f: FormFieldView, stored: unknown): FieldValue {
  const value = stored ?? f.default;
  switch (f.kind) {
    case 'switch':
      return value === true;
    case 'select': {
      const values = (f.options ?? []).map((o) => o.value);
      return values.includes(value as string) ? (value as string) : (values.find((v) => v === f.default) ?? values[0] ?? '');
    }
    case 'integer':
      return value === undefined || value === null ? '' : String(value);
    case 'secret':
      return '';
    case 'group': {
      const group = (stored ?? {}) as Record<string, unknown>;
      return Object.fromEntries((f.members ?? []).map((m) => [memberName(f, m), text(group[memberName(f, m)] ?? m.default)]));
    }
    default:
      return text(value);
  }
}

/** A stored source's values (never its secrets), or a new source's: the defaults, named after its type. */
export function formOf(type: SourceTypeView, source?: Source): FormValues {
  const config = source?.config ?? {};
  return { name: source?.name ?? type.label, ...Object.fromEntries(fieldsOf(formOfType(type)).map((f) => [f.key, initial(f, config[f.key])])) };
}

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

function integerProblem(f: FormFieldView, value: string): Problem | undefined {
  const n = Number(value);
  const { minimum: min, maximum: max } = f;
  if (value.trim() && Number.isInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max)) return undefined;
  if (!value.trim() && !f.required) return undefined;
  if (min === undefined || max === undefined) return 'validation.integer';
  return f.unit ? { key: 'validation.rangeOf', vars: { min, max, unit: f.unit } } : { key: 'validation.range', vars: { min, max } };
}

function problemOf(f: FormFieldView, value: FieldValue, values: FormValues, isNew: boolean): Problem | undefined {
  if (typeof value !== 'string') return undefined;
  if (f.kind === 'integer') return integerProblem(f, value);
  const v = f.kind === 'secret' ? value : value.trim();
  if (!v) return requirement(f, values, isNew);
  if (f.maxLength !== undefined && [...v].length > f.maxLength) return 'validation.tooLong';
  if (f.kind === 'url') return isHttpUrl(v) ? undefined : 'validation.url';
  if (f.pattern && !new RegExp(f.pattern, 'u').test(v)) return f.patternMessage ? { text: f.patternMessage } : f.pattern === NO_SPACES ? 'validation.noSpaces' : 'validation.format';
  return undefined;
}

/** What can be told before asking the server, by field key (only the fields shown). */
export function checkForm(type: SourceTypeView, values: FormValues, isNew: boolean): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  if (!text(values.name).trim()) problems.name = 'validation.required';
  for (const f of fieldsOf(formOfType(type))) {
    if (!isShown(f, values)) continue;
    const value = values[f.key];
    const parts = f.kind === 'group' ? (f.members ?? []).map((m) => [m, (value as Record<string, string>)[memberName(f, m)] ?? ''] as const) : [[f, value] as const];
    for (const [field, v] of parts) {
      const problem = problemOf(field, v, values, isNew);
      if (problem) problems[field.key] = problem;
    }
  }
  return problems;
}

/** The value sent for a field; undefined leaves it out (a secret not typed: the stored one stays). */
function sent(f: FormFieldView, value: FieldValue): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v.trim()]));
  if (f.kind === 'select') return value;
  if (f.kind === 'secret') return value || undefined;
  const v = value.trim();
  if (!v) return f.nullable ? null : undefined;
  return f.kind === 'integer' ? Number(v) : v;
}

/**
 * The API body. `withTrust` false, for an admin who may not change the trust settings: none are sent
 * (but those a new source's creator chooses), so an existing source keeps its own and a new one gets the defaults.
 */
export function bodyOf(type: SourceTypeView, values: FormValues, o: { withTrust: boolean; isNew: boolean } = { withTrust: true, isNew: false }) {
  const config: Record<string, unknown> = {};
  for (const f of fieldsOf(formOfType(type))) {
    if (!o.withTrust && isTrustSetting(f, o.isNew)) continue;
    const value = sent(f, values[f.key]);
    if (value !== undefined) config[f.key] = value;
  }
  return { name: text(values.name).trim(), config };
}

/** The sections holding a field with a problem (a folded one opens to show it); the name is in the first. */
export function sectionsWithProblems(form: SourceFormView, problems: Record<string, unknown>): Set<string> {
  const keys = Object.keys(problems);
  const sections = form.items.filter((i) => keys.some((k) => k === i.key || k.startsWith(`${i.key}.`))).map((i) => i.section);
  return new Set('name' in problems ? [form.sections[0].id, ...sections] : sections);
}

/** What the list of sources says of one: the type's summary fields, as label and value. */
export function summaryOf(type: SourceTypeView, source: Source): { label: Localized; value: string | boolean }[] {
  const form = type.form;
  if (!form) return [];
  return form.summary.flatMap((key) => {
    const f = fieldsOf(form).find((x) => x.key === key);
    const value = source.config[key] ?? f?.default;
    return f && (typeof value === 'string' || typeof value === 'boolean') ? [{ label: f.label, value }] : [];
  });
}

/** A problem in the admin's language. */
export function problemText(p: Problem, t: (key: MessageKey, vars?: Record<string, string | number>) => string, locale: keyof Localized): string {
  if (typeof p === 'string') return t(p);
  if ('text' in p) return p.text[locale];
  return t(p.key, Object.fromEntries(Object.entries(p.vars).map(([k, v]) => [k, typeof v === 'object' ? v[locale] : v])));
}
