/**
 * Authentication sources' answer shapes (a stored source, the kinds of source and their forms; a connection
 * test's is in src/identity/views.ts), as the Enterprise Center API sends them. Type-only, importing only the
 * import-free src/identity/views.ts, so the console (web/src/lib/types.ts) shares them.
 */
import type { FieldCondition, Localized } from '../identity/views.ts';

export interface SourceView {
  id: string;
  type: string;
  name: string;
  /** The configuration without its secrets. */
  config: Record<string, unknown>;
  /** Names of the secret fields that hold a value (shown masked by the console). */
  secretsSet: string[];
  /** Where the upstream (DingTalk, an identity provider) sends people back; the admin registers it there. */
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A kind of source as GET /source-types describes it; `form` tells the console how to ask for its configuration. */
export interface SourceTypeView {
  type: string;
  /** Its name in English, and in both languages. */
  label: string;
  labels: Localized;
  /** Only one source of this type may exist (the built-in ones). */
  singleton: boolean;
  /** Signs people in through another system: has a callback URL and a Test connection. */
  external: boolean;
  secretFields: string[];
  trustFields: string[];
  /** What a new source's configuration gets for each field left out. */
  defaults: Record<string, unknown>;
  /** The JSON schema of the configuration. */
  configSchema: unknown;
  form: SourceFormView | null;
}

export interface SourceTypesView {
  items: SourceTypeView[];
  /** The operator's policy for every source (src/identity/types.ts SourcePolicy). */
  policy: { allowCustomEndpoints: boolean };
  customEndpointsAllowed: boolean;
}

export type FormFieldKind = 'text' | 'secret' | 'switch' | 'select' | 'url' | 'integer' | 'orgUnit' | 'multiline' | 'group';

/** One field of a form: the type's words (src/identity/form.ts) and what its schema says. */
export interface FormFieldView {
  /** The configuration's field (`appKey`), or a group's member (`endpoints.login`). */
  key: string;
  kind: FormFieldKind;
  section: string;
  label: Localized;
  help?: Localized;
  helpWhenSet?: Localized;
  wide: boolean;
  /** The configuration always has it (the schema requires it; `default` fills it when left out). A secret: until one is stored. */
  required: boolean;
  requiredWhen?: FieldCondition;
  requiredMessage?: Localized;
  shownWhen?: FieldCondition;
  /** An empty field is sent as null (else left out). */
  nullable: boolean;
  default?: unknown;
  options?: { value: string; label: Localized }[];
  minimum?: number;
  maximum?: number;
  step?: number;
  unit?: Localized;
  maxLength?: number;
  pattern?: string;
  patternMessage?: Localized;
  /** Encrypted at rest and never returned: write-only. */
  secret: boolean;
  /** A trust setting: only a super admin sets or changes it. */
  trust: boolean;
  /** A trust setting without a default: whoever creates the source chooses it, and it is fixed from then on. */
  creatorChooses: boolean;
  members?: FormFieldView[];
  resetLabel?: Localized;
  fixedUnless?: { policy: 'allowCustomEndpoints'; note: Localized };
}

/** A value the server computes, shown read-only with a copy button (the source's `callbackUrl`). */
export interface FormDisplayView {
  key: string;
  kind: 'display';
  value: 'callbackUrl';
  section: string;
  label: Localized;
  help?: Localized;
  wide: boolean;
}

export interface FormSectionView {
  id: string;
  title: Localized;
  collapsed: boolean;
  trustNotice: boolean;
}

export interface SourceFormView {
  intro: Localized;
  nameHelp?: Localized;
  trustNotice?: Localized;
  created?: Localized;
  connection?: { intro: Localized; ok: Localized; advice: Record<string, Localized> };
  /** The upstream opens applications at Portico's addresses (GET /sources/{id}/entry-addresses; a Login Configuration's `entryUrl`). */
  entryAddress?: { title: Localized; help: Localized; fields: Localized[] };
  summary: string[];
  sections: FormSectionView[];
  /** In the order shown. */
  items: (FormFieldView | FormDisplayView)[];
}
