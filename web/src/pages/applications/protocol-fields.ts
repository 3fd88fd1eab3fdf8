/** What a protocol's settings fields get from the application form (./protocols.ts lists each protocol's). */
import type { ApplicationForm } from './applicationForm.ts';

export interface ProtocolFieldsProps {
  form: ApplicationForm;
  set<K extends keyof ApplicationForm>(key: K, value: ApplicationForm[K]): void;
  errors: Record<string, string>;
  /** Changing an existing application, rather than creating one. */
  editing: boolean;
  /** The application being changed, when it is. */
  applicationId?: string;
}
