/** A source's whole form, section by section as its type describes it: the name first, the trust settings' notice where the type puts it, folded sections folded. */
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Notice } from '../../components/States.tsx';
import type { Source, SourceTypeView, SourceTypesView } from '../../lib/types.ts';
import { formOfType, isShown, isTrustSetting, type FormValues } from './sourceForm.ts';
import { DisplayField, SourceField, idOf } from './SourceField.tsx';

export interface SourceFieldsProps {
  type: SourceTypeView;
  /** The operator's policy (some fields keep their defaults unless it allows otherwise). */
  policy: SourceTypesView['policy'];
  values: FormValues;
  set(patch: FormValues): void;
  errors: Record<string, string>;
  /** The stored source; none while creating one. */
  source?: Source;
  /** The folded sections that are open. */
  open: Record<string, boolean>;
  setOpen(section: string, open: boolean): void;
  /** For roles that may read sources but not change them: every control disabled, displays still copyable. */
  readOnly: boolean;
  /** For roles that may change the source but not whom it trusts: the trust settings shown disabled, with a notice. */
  trustLocked: boolean;
}

export function SourceFields({ type, policy, values, set, errors, source, open, setOpen, readOnly, trustLocked }: SourceFieldsProps) {
  const { t, locale } = useI18n();
  const form = formOfType(type);
  const isNew = !source;
  const noticeIn = (form.sections.find((s) => s.trustNotice) ?? form.sections[0])?.id;
  const nameId = idOf('name');
  const nameHint = form.nameHelp?.[locale] ?? t('sourceForm.name.hint');

  const items = (section: string) =>
    form.items
      .filter((item) => item.section === section && isShown(item, values))
      .map((item) =>
        item.kind === 'display' ? (
          <DisplayField key={item.key} item={item} value={source?.[item.value] ?? null} />
        ) : (
          <SourceField
            key={item.key}
            field={item}
            values={values}
            set={set}
            errors={errors}
            isNew={isNew}
            secretSet={!!source?.secretsSet.includes(item.key)}
            locked={readOnly || (trustLocked && isTrustSetting(item, isNew))}
            fixedNote={item.fixedUnless && !policy[item.fixedUnless.policy] ? item.fixedUnless.note[locale] : undefined}
          />
        ),
      );

  return (
    <>
      {form.sections.map((section, i) => {
        const body = (
          <>
            {trustLocked && section.id === noticeIn && <Notice kind="info">{form.trustNotice?.[locale] ?? t('sourceForm.trustLocked')}</Notice>}
            <div className="form-grid">
              {i === 0 && (
                <Field id={nameId} label={t('sourceForm.name')} hint={nameHint} error={errors.name} required>
                  <input id={nameId} disabled={readOnly} {...describedBy(nameId, errors.name, nameHint)} value={String(values.name)} onChange={(e) => set({ name: e.target.value })} autoComplete="off" spellCheck={false} />
                </Field>
              )}
              {items(section.id)}
            </div>
          </>
        );
        return section.collapsed ? (
          <details key={section.id} className="card form-section" open={!!open[section.id]} onToggle={(e) => setOpen(section.id, e.currentTarget.open)}>
            <summary>{section.title[locale]}</summary>
            {body}
          </details>
        ) : (
          <fieldset key={section.id} className="card form-section">
            <legend>{section.title[locale]}</legend>
            {body}
          </fieldset>
        );
      })}
    </>
  );
}
