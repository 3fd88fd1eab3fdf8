/** An on/off switch (role=switch), named by a <label for> or by `label`; `describedBy`: the id of what says more, such as why it is disabled. */
export function Switch({ id, checked, onChange, label, disabled, describedBy }: { id?: string; checked: boolean; onChange(next: boolean): void; label?: string; disabled?: boolean; describedBy?: string }) {
  return (
    <button
      type="button"
      id={id}
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      disabled={disabled}
      className={`switch${checked ? ' on' : ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="knob" aria-hidden="true" />
    </button>
  );
}
