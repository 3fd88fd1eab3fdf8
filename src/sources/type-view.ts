/** A kind of source as GET /source-types answers it: its names, its rules, its defaults and its form. */
import type { SourceType } from '../identity/types.ts';
import { typeName } from '../identity/type-name.ts';
import type { SourceTypeView } from './views.ts';
import { formView } from './form-view.ts';

/** The defaults the configuration's schema gives its fields (a new source's, for each field left out). */
function defaultsOf(type: SourceType): Record<string, unknown> {
  const properties = type.configSchema.properties as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(properties).flatMap(([key, schema]) => (schema.default === undefined ? [] : [[key, schema.default]])));
}

export function sourceTypeView(type: SourceType): SourceTypeView {
  return {
    type: type.type,
    label: type.label,
    labels: typeName(type),
    singleton: type.singleton,
    external: !!type.external,
    secretFields: [...type.secretFields],
    trustFields: [...type.trustFields],
    defaults: defaultsOf(type),
    configSchema: type.configSchema,
    form: formView(type),
  };
}
