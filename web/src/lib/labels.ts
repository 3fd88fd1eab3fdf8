/**
 * People's words for the server's codes: sign-in methods and source types (a method is named by its
 * type), audit reasons and actions, from the server's registry (./codes.tsx); protocols and endpoints
 * from the console's catalog. The code itself when there are none.
 */
import { useI18n } from '../i18n/i18n.tsx';
import { useCodes } from './codes.tsx';

export function useLabels() {
  const { locale, maybe } = useI18n();
  const { codes, sourceTypes } = useCodes();
  const typeName = (type: string) => sourceTypes[type]?.[locale] ?? type;
  const codeText = (code: string) => codes[code]?.[locale] ?? code;
  return {
    method: typeName,
    sourceType: typeName,
    reason: codeText,
    action: codeText,
    protocol: (name: string) => maybe(`protocol.${name}`) ?? name,
    endpoint: (key: string) => maybe(`endpoint.${key}`) ?? key,
  };
}
