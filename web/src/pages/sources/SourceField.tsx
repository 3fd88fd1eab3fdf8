/** One field of a source's form, drawn by its kind (src/sources/views.ts FormFieldView), with its hint or its error beside it; or a display the server computes. */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { Badge, Notice } from '../../components/States.tsx';
import type { FormDisplayView, FormFieldView } from '../../lib/types.ts';
import { isMarkedRequired, memberName, type FormValues } from './sourceForm.ts';

/** The id of a field's control (`endpoints.login` → `ds-endpoints-login`), which its label and messages point at. */
export const idOf = (key: string) => `ds-${key.replace('.', '-')}`;

export interface SourceFieldProps {
  field: FormFieldView;
  values: FormValues;
  set(patch: FormValues): void;
  errors: Record<string, string>;
  isNew: boolean;
  /** A secret: whether one is stored. */
  secretSet: boolean;
  /** Disabled: the admin may not change it. */
  locked: boolean;
  /** Read-only under this note: the operator's policy keeps the defaults. */
  fixedNote?: string;
}

export function SourceField(props: SourceFieldProps) {
  const { field: f, values, set, errors, isNew, secretSet, locked, fixedNote } = props;
  const { t, locale } = useI18n();
  const id = idOf(f.key);
  const error = errors[f.key];
  const value = values[f.key];
  const text = typeof value === 'string' ? value : '';
  const setText = (next: string) => set({ [f.key]: next });
  const secretHint = isNew ? (f.help?.[locale] ?? t('sourceForm.secret.new')) : (f.helpWhenSet?.[locale] ?? t('sourceForm.secret.keep'));
  // Without words of its own, a text shows its default (a group's member: the vendor's address).
  const hint = f.kind === 'secret' ? secretHint : (f.help?.[locale] ?? (typeof f.default === 'string' ? f.default : undefined));
  const aria = { id, disabled: locked, ...describedBy(id, error, hint) };
  const field = (control: ReactNode) => (
    <Field id={id} label={f.label[locale]} hint={hint} error={error} required={isMarkedRequired(f, values, isNew)} wide={f.wide}>
      {control}
    </Field>
  );

  switch (f.kind) {
    case 'group':
      return <GroupField {...props} />;
    case 'switch':
      return field(<Switch id={id} checked={value === true} onChange={(on) => set({ [f.key]: on })} disabled={locked} />);
    case 'select':
      return field(
        <select {...aria} value={text} onChange={(e) => setText(e.target.value)}>
          {f.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label[locale]}
            </option>
          ))}
        </select>,
      );
    case 'orgUnit':
      return field(<OrgUnitSelect id={id} value={text} onChange={setText} invalid={!!error} disabled={locked} describedBy={`${id}-${error ? 'error' : 'hint'}`} />);
    case 'multiline':
      return field(<textarea {...aria} rows={2} maxLength={f.maxLength} value={text} onChange={(e) => setText(e.target.value)} />);
    case 'integer':
      return field(<input {...aria} type="number" inputMode="numeric" min={f.minimum} max={f.maximum} step={f.step} value={text} onChange={(e) => setText(e.target.value)} />);
    case 'secret':
      return field(
        <div className="with-badge">
          <input {...aria} type="password" autoComplete="new-password" value={text} placeholder={secretSet ? '••••••••••••' : ''} onChange={(e) => setText(e.target.value)} />
          {secretSet && <Badge kind="ok">{t('sourceForm.secret.set')}</Badge>}
        </div>,
      );
    default:
      return field(<input {...aria} type={f.kind === 'url' ? 'url' : 'text'} readOnly={!!fixedNote} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />);
  }
}

/** An object field: its members, each a field of its own, under the operator's note and above a button that puts the defaults back. */
function GroupField(props: SourceFieldProps) {
  const { field: f, values, set, locked, fixedNote } = props;
  const { t, locale } = useI18n();
  const members = f.members ?? [];
  const group = (values[f.key] ?? {}) as Record<string, string>;
  const defaults = Object.fromEntries(members.map((m) => [memberName(f, m), typeof m.default === 'string' ? m.default : '']));
  return (
    <>
      {fixedNote && (
        <div className="field wide">
          <Notice kind="info">{fixedNote}</Notice>
        </div>
      )}
      {members.map((m) => (
        <SourceField
          key={m.key}
          {...props}
          field={m}
          values={{ ...values, [m.key]: group[memberName(f, m)] ?? '' }}
          set={(patch) => set({ [f.key]: { ...group, [memberName(f, m)]: String(patch[m.key]) } })}
        />
      ))}
      {!locked && (
        <div className="field wide">
          <button type="button" className="btn ghost small" onClick={() => set({ [f.key]: defaults })}>
            {f.resetLabel?.[locale] ?? t('sourceForm.reset')}
          </button>
        </div>
      )}
    </>
  );
}

/** A value the server computes (the callback URL to register upstream): read-only, copyable, known once saved. */
export function DisplayField({ item, value }: { item: FormDisplayView; value: string | null }) {
  const { t, locale } = useI18n();
  const id = idOf(item.key);
  const label = item.label[locale];
  return (
    <Field id={id} label={label} hint={value ? item.help?.[locale] : t('sourceForm.display.afterSave')} wide={item.wide}>
      <div className="with-button">
        <input id={id} readOnly value={value ?? ''} placeholder={t('sourceForm.display.pending')} aria-describedby={`${id}-hint`} />
        {value && <CopyButton value={value} label={t('sourceForm.display.copy', { label })} />}
      </div>
    </Field>
  );
}
