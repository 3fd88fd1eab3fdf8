/** People's words for the server's codes: sign-in methods, reasons, actions; the code itself when unknown. */
import { useI18n } from '../i18n/i18n.tsx';

export function useLabels() {
  const { maybe } = useI18n();
  return {
    method: (m: string) => maybe(`method.${m}`) ?? m,
    reason: (code: string) => maybe(`reason.${code}`) ?? code,
    action: (a: string) => maybe(`event.${a}`) ?? a,
    sourceType: (type: string) => maybe(`sourceType.${type}`) ?? type,
    protocol: (name: string) => maybe(`protocol.${name}`) ?? name,
    endpoint: (key: string) => maybe(`endpoint.${key}`) ?? key,
  };
}
