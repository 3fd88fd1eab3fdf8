/** Turns a failed call into words for people: a sentence for the page and messages beside form fields. */
import { ApiError, type FieldProblem } from './api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCodes } from './codes.tsx';

/** `/config/endpoints/login` → `endpoints.login`, `/name` → `name`: the form's own field keys. */
export function fieldKey(pointer: string): string {
  return pointer.replace(/^\/config(?=\/)/, '').slice(1).replaceAll('/', '.');
}

export function useProblemText() {
  const { t, maybe, locale } = useI18n();
  const { codes } = useCodes();
  /** The server's sentences are English and the most exact there; in Chinese the registry's words for the code say it. */
  const serverWords = (code: string, english: string) => (locale === 'en' ? english : (codes[code]?.[locale] ?? english));

  /** The sentence for a whole failed call. */
  const describe = (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('error.unexpected');
    if (error.code === 'network') return t('error.network');
    if (error.code === 'unexpected') return t('error.status', { status: error.status });
    return maybe(`problem.${error.code}`) ?? (error.code.endsWith('.not_found') ? t('error.notFound') : serverWords(error.code, error.detail));
  };

  /** The message beside one field: the console's words for the code, else the server's. */
  const describeField = (p: FieldProblem): string => maybe(`problem.${p.code}`) ?? serverWords(p.code, p.message);

  /**
   * Messages by field key; empty when the failure is not about fields. A problem with the whole request
   * (pointer `/`) has no field to sit beside, so the page's sentence (describe) says it instead.
   */
  const fieldMessages = (error: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (error instanceof ApiError) {
      for (const p of error.errors) {
        const key = fieldKey(p.field);
        if (key) out[key] ??= describeField(p);
      }
    }
    return out;
  };

  return { describe, fieldMessages };
}
