/**
 * Import users from a CSV file: the file is read in the browser as text and sent with the match key and
 * the org unit its department paths land under (POST /users/import). The answer is a dry run: its page
 * shows the diff, row errors included, and applies it.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import type { MatchKey, SyncRun } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { DialogForm } from '../../components/Dialog.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { ROOT_ORG_UNIT_ID } from '../../../../src/store/well-known.ts';

/** The API's limit on the file. */
const MAX_BYTES = 10 * 1024 * 1024;
/** A CSV row is matched to an existing user by one of these (never by a name); "none" is only for identity sources. */
const CSV_MATCH_KEYS = ['username', 'mobile', 'email', 'employeeNumber'] as const satisfies readonly Exclude<MatchKey, 'none'>[];
const CSV_COLUMNS = 'username,displayName,mobile,email,employeeNumber,externalId,status,department';

export function ImportCsvDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [matchKey, setMatchKey] = useState<(typeof CSV_MATCH_KEYS)[number]>('username');
  const [orgUnitId, setOrgUnitId] = useState(ROOT_ORG_UNIT_ID);
  const form = useFormSubmit();

  const problems = (): Record<string, MessageKey> => {
    if (!file) return { file: 'csv.validation.file' };
    if (file.size > MAX_BYTES) return { file: 'csv.validation.tooBig' };
    return {};
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return form.submit(problems(), async () => {
      const content = await file!.text();
      const run = await api<SyncRun>('POST', '/users/import', { content, fileName: file!.name, matchKey, orgUnitId });
      navigate(`/users/sync-runs/${run.id}`);
    });
  };
  const fileHint = t('csv.file.hint', { columns: CSV_COLUMNS });
  return (
    <DialogForm title={t('csv.import')} submitLabel={t('csv.dryRun')} busy={form.busy} failure={form.failure} onSubmit={submit} onClose={onClose}>
      <Field id="csv-file" label={t('csv.file')} hint={fileHint} error={form.errors.file ?? form.errors.content} required wide>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            form.clear('file');
          }}
          {...describedBy('csv-file', form.errors.file ?? form.errors.content, fileHint)}
        />
      </Field>
      <Field id="csv-matchKey" label={t('idSource.matchKey')} hint={t('csv.matchKey.hint')} error={form.errors.matchKey}>
        <select id="csv-matchKey" value={matchKey} onChange={(e) => setMatchKey(e.target.value as typeof matchKey)} {...describedBy('csv-matchKey', form.errors.matchKey, true)}>
          {CSV_MATCH_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`idSource.matchKey.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="csv-orgUnitId" label={t('csv.orgUnit')} hint={t('csv.orgUnit.hint')} error={form.errors.orgUnitId}>
        <OrgUnitSelect id="csv-orgUnitId" value={orgUnitId} onChange={setOrgUnitId} invalid={!!form.errors.orgUnitId} describedBy={`csv-orgUnitId-${form.errors.orgUnitId ? 'error' : 'hint'}`} />
      </Field>
    </DialogForm>
  );
}
