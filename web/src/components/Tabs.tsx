/** Tabs whose selection lives in the URL, so a tab can be linked to and survives a reload. */
import { Link } from '../lib/router.tsx';

export function Tabs({ tabs, current, label }: { tabs: { id: string; label: string; to: string }[]; current: string; label: string }) {
  return (
    <nav className="tabs" aria-label={label} role="tablist">
      {tabs.map((tab) => (
        <Link key={tab.id} to={tab.to} role="tab" aria-selected={tab.id === current} className={tab.id === current ? 'active' : ''}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
