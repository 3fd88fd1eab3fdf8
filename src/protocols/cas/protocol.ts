/**
 * CAS 3.0 (Apereo's Central Authentication Service protocol): an application is a set of service URLs
 * that may ask for service tickets (src/cas/ serves the protocol), what `cas:user` is, and which user
 * fields /p3/serviceValidate releases. No secret: a ticket is bound to its service and used once.
 */
import { randomBytes } from 'node:crypto';
import type { ApplicationTable } from '../../store/schema.ts';
import type { ApplicationProtocol, ProtocolColumns } from '../types.ts';
import { checkServiceRules } from './services.ts';
import { CasSettingsSchema, CasViewSchema, type CasSettings } from './settings.ts';
import type { CasApplicationSettings } from './views.ts';

/** Where Portico's CAS server answers: the "CAS server URL prefix" a client is configured with. */
export const CAS_MOUNT_PATH = '/cas';

const DEFAULTS: Omit<CasApplicationSettings, 'services'> = { userField: 'username', attributes: ['displayName', 'email'] };

/** An application's CAS settings, read from its row. */
export function casSettingsOf(row: Pick<ApplicationTable, 'protocol_settings'>): CasApplicationSettings {
  return { services: [], ...DEFAULTS, ...(JSON.parse(row.protocol_settings) as Partial<CasApplicationSettings>) };
}

const stored = (s: CasApplicationSettings) => JSON.stringify({ ...s, services: checkServiceRules(s.services) });

export const casProtocol: ApplicationProtocol<CasSettings> = {
  name: 'cas',
  label: 'CAS 3.0',
  settingsSchema: CasSettingsSchema,
  viewSchema: CasViewSchema,

  create(settings) {
    const columns: ProtocolColumns = {
      // Its identifier (the login page's ?app= takes it): random, like a client id; CAS itself names no application.
      client_id: `cas_${randomBytes(9).toString('base64url')}`,
      client_type: 'cas',
      client_secret_enc: null,
      redirect_uris: '[]',
      post_logout_redirect_uris: '[]',
      first_party: 0,
      protocol_settings: stored({ ...DEFAULTS, ...settings }),
    };
    return { columns };
  },

  change(row, settings) {
    const next = { ...casSettingsOf(row), ...settings };
    const protocolSettings = stored(next);
    return { columns: protocolSettings === row.protocol_settings ? {} : { protocol_settings: protocolSettings } };
  },

  view: (row) => casSettingsOf(row),

  endpoints(_row, publicUrl) {
    const prefix = publicUrl + CAS_MOUNT_PATH;
    return [
      { key: 'casPrefix', value: prefix },
      { key: 'casLogin', value: `${prefix}/login` },
      { key: 'casServiceValidate', value: `${prefix}/serviceValidate` },
      { key: 'casP3ServiceValidate', value: `${prefix}/p3/serviceValidate` },
      { key: 'casLogout', value: `${prefix}/logout` },
    ];
  },

  resumePath: (handle) => `${CAS_MOUNT_PATH}/resume/${handle}`,

  // A sign-in begun at Portico (a workbench tile) continues at the application's first exact service URL, which starts its own CAS login.
  continueUrl: (row) => casSettingsOf(row).services.find((s) => s.match === 'exact')?.url,

  signsPeopleIn: () => true,
};
