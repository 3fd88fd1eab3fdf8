/** A CAS application's settings: as the admin API takes them, and as it shows them. */
import { Type } from '@sinclair/typebox';
import { CAS_SERVICE_MATCHES, CAS_USER_FIELDS, type CasServiceMatch, type CasUserField } from './views.ts';
import { CAS_SERVICE_MAX_LENGTH } from './services.ts';

/** Services one application may list: its pages, with room to spare; beyond that, a prefix says it. */
export const MAX_CAS_SERVICES = 20;

const oneOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const ServiceRule = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: CAS_SERVICE_MAX_LENGTH, description: 'An absolute https URL (http only on loopback)' }),
    match: oneOf<CasServiceMatch>(CAS_SERVICE_MATCHES, 'exact: this URL only; prefix: this path and below, on this origin (the URL ends with / and has no query)'),
  },
  { additionalProperties: false },
);

const services = Type.Array(ServiceRule, { minItems: 1, maxItems: MAX_CAS_SERVICES, description: 'CAS: the service URLs it may ask tickets for' });
const userField = () => oneOf<CasUserField>(CAS_USER_FIELDS, 'CAS: what cas:user is (default username)');
const attributes = () =>
  Type.Array(oneOf<CasUserField>(CAS_USER_FIELDS), { uniqueItems: true, maxItems: CAS_USER_FIELDS.length, description: 'CAS: the user fields /p3/serviceValidate releases (default displayName, email)' });

export const CasSettingsSchema = Type.Object({ services, userField: Type.Optional(userField()), attributes: Type.Optional(attributes()) }, { additionalProperties: false });
export const CasViewSchema = Type.Object({ services, userField: userField(), attributes: attributes() });

export interface CasSettings {
  services: { url: string; match: CasServiceMatch }[];
  userField?: CasUserField;
  attributes?: CasUserField[];
}
