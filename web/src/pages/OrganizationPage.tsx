/** Organization: the org unit tree, with add, rename and delete in place (for roles that may). */
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useOrgUnits } from '../components/OrgUnitSelect.tsx';
import { Empty, ErrorNotice, Loading } from '../components/States.tsx';
import { ConfirmDialog } from '../components/Dialog.tsx';
import type { OrgUnit } from '../lib/types.ts';
import { ReadOnlyNotice } from '../components/Access.tsx';
import { useCan } from '../lib/permissions.ts';
import { useAction } from '../lib/useAction.ts';
import { PageHeader } from '../components/PageHeader.tsx';

type Editing = { mode: 'add' | 'rename'; unit: OrgUnit };

function NameEditor({ initial, label, onSave, onCancel, busy }: { initial: string; label: string; onSave(name: string): void; onCancel(): void; busy: boolean }) {
  const { t } = useI18n();
  const [name, setName] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onSave(name.trim());
  };
  return (
    <form className="inline-editor" onSubmit={submit}>
      <input aria-label={label} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      <button type="submit" className="btn small primary" disabled={busy || !name.trim()}>
        {t('action.save')}
      </button>
      <button type="button" className="btn small ghost" onClick={onCancel}>
        {t('action.cancel')}
      </button>
    </form>
  );
}

export function OrganizationPage() {
  const { t } = useI18n();
  const tree = useOrgUnits();
  const writable = useCan()('org_units:write');
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<OrgUnit>();
  const { busy, error, run: act, clearError } = useAction();

  const run = (call: () => Promise<unknown>) =>
    act(async () => {
      await call();
      setEditing(undefined);
      setDeleting(undefined);
      tree.reload();
    });

  const rows = tree.data ?? [];
  return (
    <div className="page narrow">
      <PageHeader title={t('org.title')} subtitle={t('org.subtitle')} />
      {!writable && <ReadOnlyNotice />}
      {tree.error !== undefined && <ErrorNotice error={tree.error} retry={tree.reload} />}
      {error !== undefined && !deleting && <ErrorNotice error={error} />}
      {tree.loading && !tree.data && <Loading />}
      {tree.data && rows.length === 0 && <Empty title={t('org.empty')} />}
      {rows.length > 0 && (
        <ul className="card org-tree" role="tree" aria-label={t('org.title')}>
          {rows.map(({ unit, depth }) => (
            <li key={unit.id} role="treeitem" aria-level={depth + 1} aria-selected={false} style={{ paddingLeft: `${depth * 24 + 12}px` }}>
              {editing?.mode === 'rename' && editing.unit.id === unit.id ? (
                <NameEditor initial={unit.name} label={t('org.newName', { name: unit.name })} busy={busy} onCancel={() => setEditing(undefined)} onSave={(name) => run(() => api('PATCH', `/org-units/${unit.id}`, { name }))} />
              ) : (
                <div className="org-row">
                  <span className="org-name">{unit.name}</span>
                  {writable && (
                    <span className="row-actions">
                      <button type="button" className="btn small ghost" onClick={() => setEditing({ mode: 'add', unit })} aria-label={t('org.addUnder', { name: unit.name })}>
                        + {t('org.add')}
                      </button>
                      <button type="button" className="btn small ghost" onClick={() => setEditing({ mode: 'rename', unit })} aria-label={t('org.renameNamed', { name: unit.name })}>
                        {t('org.rename')}
                      </button>
                      {unit.parentId !== null && (
                        <button type="button" className="btn small danger ghost" onClick={() => setDeleting(unit)} aria-label={t('org.deleteNamed', { name: unit.name })}>
                          {t('action.delete')}
                        </button>
                      )}
                    </span>
                  )}
                </div>
              )}
              {editing?.mode === 'add' && editing.unit.id === unit.id && (
                <div className="org-new">
                  <NameEditor initial="" label={t('org.childName', { name: unit.name })} busy={busy} onCancel={() => setEditing(undefined)} onSave={(name) => run(() => api('POST', '/org-units', { name, parentId: unit.id }))} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('org.deleteTitle', { name: deleting.name })}
          message={t('org.deleteMessage')}
          confirmLabel={t('action.delete')}
          busy={busy}
          error={error !== undefined && <ErrorNotice error={error} />}
          onConfirm={() => run(() => api('DELETE', `/org-units/${deleting.id}`))}
          onClose={() => {
            setDeleting(undefined);
            clearError();
          }}
        />
      )}
    </div>
  );
}
