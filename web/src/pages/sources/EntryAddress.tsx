/**
 * An entry address: where a source's upstream opens one application (a DingTalk workbench's homepage
 * address), in each of the upstream's fields it is pasted into, each with a copy button, and the type's
 * words saying where that is (GET /source-types `form.entryAddress`).
 */
import { Fragment } from 'react';
import type { SourceFormView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';

export type EntryAddressWords = NonNullable<SourceFormView['entryAddress']>;

export function EntryAddress({ words, url, withHelp = true }: { words: EntryAddressWords; url: string; withHelp?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <div className="entry-address" data-entry-url={url}>
      <strong>{words.title[locale]}</strong>
      <dl className="details compact">
        {words.fields.map((field) => (
          <Fragment key={field.en}>
            <dt>{field[locale]}</dt>
            <dd className="with-button">
              <code>{url}</code>
              <CopyButton value={url} label={t('entryAddress.copy', { name: field[locale] })} />
            </dd>
          </Fragment>
        ))}
      </dl>
      {withHelp && <p className="hint">{words.help[locale]}</p>}
    </div>
  );
}
