/**
 * How changes arrive between nightly reconciles: Stream mode (an outbound connection, the default), HTTP
 * push (DingTalk calls Portico's callback URL, with the token and AES key pasted in its 事件订阅 page), or none.
 */
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from '../../components/Field.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import type { IdentitySource, SyncTransport } from '../../lib/types.ts';
import { AES_KEY_LENGTH, SYNC_TRANSPORTS, type IdentitySourceFormValues } from './identitySourceForm.ts';
import { SecretField } from './SecretField.tsx';

export interface TransportFieldsProps {
  values: IdentitySourceFormValues;
  set(patch: Partial<IdentitySourceFormValues>): void;
  errors: Record<string, string>;
  source?: IdentitySource;
  disabled: boolean;
}

export function TransportFields({ values, set, errors, source, disabled }: TransportFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <fieldset className="field wide bare checks transport">
        <legend className="field-legend">{t('idSource.transport')}</legend>
        {SYNC_TRANSPORTS.map((transport: SyncTransport) => (
          <label key={transport}>
            <input type="radio" name="transport" value={transport} checked={values.transport === transport} disabled={disabled} onChange={() => set({ transport })} aria-describedby={`is-transport-${transport}-hint`} />
            <span>
              <span>{t(`idSource.transport.${transport}`)}</span>
              <span className="hint" id={`is-transport-${transport}-hint`}>
                {t(`idSource.transport.${transport}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {values.transport === 'http_push' && (
        <>
          <Field id="is-callbackUrl" label={t('idSource.callbackUrl')} hint={source ? t('idSource.callbackUrl.hint') : t('idSource.callbackUrl.afterSave')} wide>
            <div className="with-button">
              <input id="is-callbackUrl" className="mono" readOnly value={source?.callbackUrl ?? ''} placeholder={t('sourceForm.display.pending')} aria-describedby="is-callbackUrl-hint" />
              {source && <CopyButton value={source.callbackUrl} label={t('idSource.callbackUrl.copy')} />}
            </div>
          </Field>
          <SecretField id="is-pushToken" label={t('idSource.pushToken')} value={values.pushToken} onChange={(pushToken) => set({ pushToken })} isSet={!!source?.secretsSet.pushToken} error={errors.pushToken} disabled={disabled} maxLength={128} />
          <SecretField
            id="is-pushAesKey"
            label={t('idSource.pushAesKey')}
            value={values.pushAesKey}
            onChange={(pushAesKey) => set({ pushAesKey: pushAesKey.trim() })}
            isSet={!!source?.secretsSet.pushAesKey}
            error={errors.pushAesKey}
            hint={t('idSource.pushAesKey.hint', { n: AES_KEY_LENGTH, typed: values.pushAesKey.length })}
            disabled={disabled}
            maxLength={AES_KEY_LENGTH}
          />
        </>
      )}
    </>
  );
}
