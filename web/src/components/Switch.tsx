/** An on/off switch (role=switch), named by a <label for> or by `label`. */
export function Switch({ id, checked, onChange, label, disabled }: { id?: string; checked: boolean; onChange(next: boolean): void; label?: string; disabled?: boolean }) {
  return (
    <button
      type="button"
      id={id}
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      className={`switch${checked ? ' on' : ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="knob" aria-hidden="true" />
    </button>
  );
}
