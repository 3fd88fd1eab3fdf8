/**
 * Form descriptions every external type has a use for (src/identity/form.ts): the Advanced section,
 * a write-only secret, the timeout of the calls to the upstream. A type names its upstream; the words
 * around it are the same everywhere.
 */
import type { FieldForm, SectionForm } from './form.ts';
import type { Localized } from './views.ts';

export const ADVANCED_SECTION: SectionForm = { id: 'advanced', title: { en: 'Advanced', 'zh-CN': '高级设置' }, collapsed: true };

/** A secret the upstream gave: stored encrypted, never shown, kept when its field is left empty. */
export function secretField(section: string, label: Localized, what?: Localized): FieldForm {
  return {
    section,
    label,
    help: { en: `${what ? `${what.en}. ` : ''}Stored encrypted; never shown again.`, 'zh-CN': `${what ? `${what['zh-CN']}。` : ''}加密保存，之后不再显示。` },
    helpWhenSet: { en: 'Stored encrypted and never shown. Leave empty to keep the current secret.', 'zh-CN': '加密保存，不会显示。留空则保留当前密钥。' },
  };
}

/** `calls`: what is timed, as a phrase ("each DingTalk API call"). */
export function timeoutField(calls: Localized): FieldForm {
  return {
    section: ADVANCED_SECTION.id,
    label: { en: 'Timeout (ms)', 'zh-CN': '超时（毫秒）' },
    help: { en: `For ${calls.en}, {min}–{max} ms.`, 'zh-CN': `${calls['zh-CN']}的超时，{min}–{max} 毫秒。` },
    unit: { en: 'milliseconds', 'zh-CN': '毫秒' },
    step: 100,
  };
}
