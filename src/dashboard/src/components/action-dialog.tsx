/**
 * Every action asks first, in a native modal <dialog> (focus moves in and is
 * kept there, Escape cancels), says what will happen, takes the reason the
 * audit trail records, and shows the server's refusal in its own words.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";

export interface ActionField {
  name: string;
  label: string;
  kind: "text" | "textarea" | "select";
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  help?: string;
}

export interface ActionSpec {
  title: string;
  /** What will happen, in one or two sentences. */
  description: string;
  confirmLabel: string;
  destructive?: boolean;
  fields: ActionField[];
  run(values: Record<string, string>): Promise<unknown>;
}

export function ActionDialog({ spec, onClose }: { spec: ActionSpec; onClose: (done: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(spec.fields.map((f) => [f.name, f.options?.[0]?.value ?? ""])),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = spec.fields.find((f) => f.required && !values[f.name]?.trim());
    if (missing) return setError(`${missing.label}: required (it goes into the audit trail).`);
    setBusy(true);
    setError(null);
    try {
      await spec.run(values);
      ref.current?.close();
      onClose(true);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="action-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      onCancel={() => onClose(false)}
    >
      <form onSubmit={submit} method="dialog" noValidate>
        <h2 id={`${id}-title`}>{spec.title}</h2>
        <p id={`${id}-desc`}>{spec.description}</p>
        {spec.fields.map((f) => (
          <div className="field" key={f.name}>
            <label htmlFor={`${id}-${f.name}`}>
              {f.label}
              {f.required ? " (required)" : " (optional)"}
            </label>
            {f.kind === "select" ? (
              <select id={`${id}-${f.name}`} value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.kind === "textarea" ? (
              <textarea
                id={`${id}-${f.name}`}
                rows={3}
                value={values[f.name]}
                aria-required={f.required}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            ) : (
              <input
                id={`${id}-${f.name}`}
                type="text"
                value={values[f.name]}
                aria-required={f.required}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            )}
            {f.help && <p className="help">{f.help}</p>}
          </div>
        ))}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button
            type="button"
            onClick={() => {
              ref.current?.close();
              onClose(false);
            }}
            disabled={busy}
          >
            Cancel
          </button>
          <button type="submit" className={spec.destructive ? "danger" : "primary"} disabled={busy}>
            {busy ? "Working…" : spec.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
