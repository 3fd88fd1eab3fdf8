/**
 * A protocol's part of the application form, as plain functions (no React: the form's rules are
 * tested in Node): its fields' values from an application, its checks, and what it sends.
 * ./protocol-forms.ts lists each protocol's; the generic form (./applicationForm.ts) names none.
 */
import type { Application } from '../../lib/types.ts';
import type { FormProblem } from './form-rules.ts';

export interface ProtocolForm<F, A extends Application = Application> {
  /** The form's values for this protocol from an application that speaks it. */
  formOf(app: A): Partial<F>;
  /** Problems by field key (`redirectUris.2`, `services.0.url`…). */
  check(f: F): Record<string, FormProblem>;
  /** What to send: everything on create, only what changed on edit; `rowKey` maps a server field key back to the form's row. */
  body(f: F, app?: A): { body: Record<string, unknown>; rowKey(key: string): string };
}
