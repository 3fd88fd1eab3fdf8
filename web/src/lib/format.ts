/** Dates and numbers the way the chosen language writes them. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** `2025-03-07` → `3/7` or `3月7日`. */
export function formatDay(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
}

export const formatNumber = (n: number, locale: string) => n.toLocaleString(locale);
