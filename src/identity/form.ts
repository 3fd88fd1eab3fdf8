/**
 * How a source type's configuration is asked for in the console: the words (both languages) and the
 * layout of its form. Everything its configuration schema says (types, defaults, choices, ranges, what is
 * required) and the type's secret and trust fields are not repeated here: src/sources/form-view.ts
 * derives them and adds these words, for GET /source-types. Type-only.
 */
import type { FieldCondition, Localized, SourcePolicy } from './views.ts';

export interface SectionForm {
  id: string;
  title: Localized;
  /** Folded away until opened (or until one of its fields has a problem). */
  collapsed?: boolean;
  /** Where the notice goes that an admin who may not change the trust settings sees. */
  trustNotice?: boolean;
}

/** One member of a group (an object field, such as DingTalk's API base URLs). Without help, its default is the hint. */
export interface MemberForm {
  label: Localized;
  help?: Localized;
}

/** One configuration field. `{min}`, `{max}` and `{default}` in a help text are filled in from the schema. */
export interface FieldForm {
  section: string;
  label: Localized;
  help?: Localized;
  /** A secret's help once a value is stored (what an empty field does). */
  helpWhenSet?: Localized;
  /** What the schema cannot tell: the id of an org unit (a picker), or text of several lines. */
  kind?: 'orgUnit' | 'multiline';
  /** Takes a whole row. */
  wide?: boolean;
  /** The words for each value of a choice (the values and their order come from the schema). */
  options?: Readonly<Record<string, Localized>>;
  shownWhen?: FieldCondition;
  /** Required in these cases too, beyond the schema, saying `requiredMessage` when empty. */
  requiredWhen?: FieldCondition;
  requiredMessage?: Localized;
  /** What to say when the value does not match the schema's pattern (the console knows "no spaces"). */
  patternMessage?: Localized;
  /** A number's unit, for the range message ("a number of milliseconds from 500 to 30000"). */
  unit?: Localized;
  step?: number;
  /** A group's members. */
  members?: Readonly<Record<string, MemberForm>>;
  /** A group: the button that puts its defaults back. */
  resetLabel?: Localized;
  /** Read-only, with this note, unless the operator's policy allows it (the values stay the defaults). */
  fixedUnless?: { policy: keyof SourcePolicy; note: Localized };
}

/** A value the server computes, shown read-only with a copy button: `callbackUrl`, where the upstream sends people back. */
export interface DisplayForm {
  display: 'callbackUrl';
  section: string;
  label: Localized;
  /** Said once the value is known (where to paste it). */
  help?: Localized;
  wide?: boolean;
}

/**
 * Where the upstream opens an application itself (DingTalk's workbench tiles): the source's start route
 * for each application that enables it (src/applications/entry-addresses.ts), which the administrator
 * pastes into the upstream. The console shows it, for each such application, with these words.
 */
export interface EntryAddressForm {
  title: Localized;
  /** Where to paste it, and what else it needs. */
  help: Localized;
  /** The upstream's fields the same address goes into (DingTalk: mobile and PC homepage), each shown with a copy button. */
  fields: readonly Localized[];
}

export interface SourceForm {
  /** Under the page's title. */
  intro: Localized;
  /** The hint of the source's name. */
  nameHelp?: Localized;
  /** The notice above the trust settings for an admin who may not change them: which they are. */
  trustNotice?: Localized;
  /** Said once a source is created: what to do next. */
  created?: Localized;
  /** Test connection, for an external type: what it checks, what success means, advice by result code. */
  connection?: { intro: Localized; ok: Localized; advice?: Readonly<Record<string, Localized>> };
  /** Present when the upstream opens applications at an address of Portico's: the source's start route for each. */
  entryAddress?: EntryAddressForm;
  /** Fields shown in the list of sources. */
  summary?: readonly string[];
  sections: readonly SectionForm[];
  /** Every field of the configuration, and the displays, in the order shown. */
  fields: Readonly<Record<string, FieldForm | DisplayForm>>;
}
