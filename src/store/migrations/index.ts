import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { initialMigration } from './001_initial.ts';
import { shortLivedMigration } from './002_short_lived.ts';
import { oidcMigration } from './003_oidc.ts';
import { partialArtifactIndexesMigration } from './004_partial_artifact_indexes.ts';
import { auditMethodMigration } from './005_audit_method.ts';
import { applicationProtocolMigration } from './006_application_protocol.ts';
import { contactVerificationMigration } from './007_contact_verification.ts';
import { protocolSettingsMigration } from './008_protocol_settings.ts';
import { apiResourcesMigration } from './009_api_resources.ts';
import { signingKeyStatesMigration } from './010_signing_key_states.ts';
import { oidcSessionLinksMigration } from './011_oidc_session_links.ts';
import { directorySyncMigration } from './012_directory_sync.ts';
import { secondFactorsMigration } from './013_second_factors.ts';
import { passkeysMigration } from './014_passkeys.ts';
import { portalMigration } from './015_portal.ts';
import { samlKeysMigration } from './016_saml_keys.ts';
import { samlKeyActivationMigration } from './017_saml_key_activation.ts';
import { loginStatsMigration } from './018_login_stats.ts';
import { searchIndexesMigration } from './019_search_indexes.ts';

/** Versioned migrations, applied in key order at start-up. Never edit one that has shipped: add the next. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_initial': initialMigration(dialect),
    '002_short_lived': shortLivedMigration(dialect),
    '003_oidc': oidcMigration(dialect),
    '004_partial_artifact_indexes': partialArtifactIndexesMigration(),
    '005_audit_method': auditMethodMigration(),
    '006_application_protocol': applicationProtocolMigration(),
    '007_contact_verification': contactVerificationMigration(dialect),
    '008_protocol_settings': protocolSettingsMigration(),
    '009_api_resources': apiResourcesMigration(dialect),
    '010_signing_key_states': signingKeyStatesMigration(dialect),
    '011_oidc_session_links': oidcSessionLinksMigration(dialect),
    '012_directory_sync': directorySyncMigration(dialect),
    '013_second_factors': secondFactorsMigration(dialect),
    '014_passkeys': passkeysMigration(),
    '015_portal': portalMigration(),
    '016_saml_keys': samlKeysMigration(dialect),
    '017_saml_key_activation': samlKeyActivationMigration(dialect),
    '018_login_stats': loginStatsMigration(dialect),
    '019_search_indexes': searchIndexesMigration(dialect),
  };
}
