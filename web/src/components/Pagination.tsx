import { useI18n } from '../i18n/i18n.tsx';

/** `capped`: the list counted only so far (the API's `totalCapped`): there are more than `total`, and Next stays on. */
export function Pagination({ page, pageSize, total, capped, onPage }: { page: number; pageSize: number; total: number; capped?: boolean; onPage(page: number): void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total === 0) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="muted">{t(capped ? 'pagination.summaryMore' : 'pagination.summary', { from: (page - 1) * pageSize + 1, to: Math.min(total, page * pageSize), total })}</span>
      <button type="button" className="btn small ghost" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </button>
      <span aria-current="page">{t(capped ? 'pagination.pageMore' : 'pagination.page', { page, pages })}</span>
      <button type="button" className="btn small ghost" disabled={page >= pages && !capped} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}
