/** An audit event's before/after as a table of fields, changed ones highlighted: never raw JSON. */
import { useI18n } from '../../i18n/i18n.tsx';

type Flat = Map<string, string>;

function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (value === null || value === undefined) {
    if (prefix) out.set(prefix, '—');
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out.set(prefix, value.length ? value.join(', ') : '—');
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix || 'value', String(value));
  }
  return out;
}

export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  if (!keys.length) return <p className="muted small">{t('audit.noChange')}</p>;
  return (
    <table className="table compact change">
      <thead>
        <tr>
          <th>{t('audit.field')}</th>
          <th>{t('audit.before')}</th>
          <th>{t('audit.after')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const changed = before !== null && after !== null && b.get(k) !== a.get(k);
          return (
            <tr key={k} className={changed ? 'changed' : ''}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>{b.get(k) ?? '—'}</td>
              <td>{a.get(k) ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
