import { useEffect, useRef, useState } from 'react';
import { useStore } from '../state/store';

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). */
export function ConfirmDialog() {
  const request = useStore((s) => s.confirm);
  const dialog = useRef<HTMLDialogElement>(null);
  const [options, setOptions] = useState<boolean[]>([]);

  useEffect(() => {
    if (request && !dialog.current?.open) {
      setOptions((request.options ?? []).map((option) => option.checked));
      dialog.current?.showModal();
    }
    if (!request && dialog.current?.open) dialog.current.close();
  }, [request]);

  if (!request) return <dialog ref={dialog} />;
  const answer = (confirmed: boolean) => request.resolve({ confirmed, options });
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        answer(false);
      }}
    >
      <h2 id="confirm-title">{request.title}</h2>
      <p>{request.body}</p>
      {request.options?.map((option, i) => (
        <label className="toggle" key={option.label}>
          <input type="checkbox" checked={options[i] ?? false} onChange={(e) => setOptions((all) => all.map((value, j) => (j === i ? e.target.checked : value)))} />
          {option.label}
        </label>
      ))}
      <div className="dialog-buttons">
        <button type="button" onClick={() => answer(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className={request.danger ? 'danger' : 'primary'} onClick={() => answer(true)}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
