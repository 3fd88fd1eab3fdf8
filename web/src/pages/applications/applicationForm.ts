/**
 * The application form: its own fields (name, description, logo), its protocol (chosen at creation,
 * fixed after), and that protocol's part (./protocol-forms.ts): the checks made before sending, the
 * API body, and where the server's answers belong.
 */
import type { Application } from '../../lib/types.ts';
import { changedOnly, LIMITS, type FormProblem } from './form-rules.ts';
import { NEW_PROTOCOL_VALUES, protocolForm, type ProtocolFormValues } from './protocol-forms.ts';

export { LIMITS, redirectUriProblem } from './form-rules.ts';
export { URI_LISTS, type UriList } from './oidc/oidcForm.ts';

export interface ApplicationForm extends ProtocolFormValues {
  /** Chosen when the application is created; fixed after. */
  protocol: string;
  name: string;
  description: string;
  logoUrl: string;
  /** Listed in the User Center's "My applications". */
  inPortal: boolean;
}

/** A new application: OpenID Connect (the server's default), each protocol's part at its defaults. */
export const NEW_APPLICATION: ApplicationForm = { protocol: 'oidc', name: '', description: '', logoUrl: '', inPortal: false, ...NEW_PROTOCOL_VALUES };

export function formOf(app: Application): ApplicationForm {
  return { ...NEW_APPLICATION, protocol: app.protocol, name: app.name, description: app.description, logoUrl: app.logoUrl ?? '', inPortal: app.inPortal, ...protocolForm(app.protocol)?.formOf(app) };
}

const isHttpUrl = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Problems by field key (`name`, and the protocol's: `redirectUris.2`, `services.0.url`…). */
export function checkForm(f: ApplicationForm, builtIn: boolean): Record<string, FormProblem> {
  const problems: Record<string, FormProblem> = {};
  if (!f.name.trim()) problems.name = 'validation.required';
  else if (f.name.trim().length > LIMITS.name) problems.name = 'validation.tooLong';
  if (f.description.trim().length > LIMITS.description) problems.description = 'validation.tooLong';
  const logo = f.logoUrl.trim();
  if (logo && !isHttpUrl(logo)) problems.logoUrl = 'validation.url';
  else if (logo.length > LIMITS.url) problems.logoUrl = 'validation.tooLong';
  // The User Center's protocol settings are Portico's: nothing of them is shown, checked or sent.
  if (builtIn) return problems;
  return { ...problems, ...protocolForm(f.protocol)?.check(f) };
}

/**
 * The body to send: everything on create; on edit only what changed, never the protocol (the User
 * Center only its name, description and logo: Portico manages the rest). `rowKey` maps the server's
 * field keys about what was sent back to the form's rows.
 */
export function bodyOf(f: ApplicationForm, app?: Application): { body: Record<string, unknown>; rowKey(key: string): string } {
  const common = changedOnly({ name: f.name.trim(), description: f.description.trim(), logoUrl: f.logoUrl.trim() || null, inPortal: f.inPortal }, app && { ...app, logoUrl: app.logoUrl ?? null });
  const part = app?.builtIn ? undefined : protocolForm(f.protocol)?.body(f, app);
  return { body: { ...common, ...(app ? {} : { protocol: f.protocol }), ...part?.body }, rowKey: part?.rowKey ?? ((key) => key) };
}
