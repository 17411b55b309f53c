import { useEffect, useRef, useState } from 'react';
import { useStore } from '../state/store';

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). */
export function ConfirmDialog() {
  const request = useStore((s) => s.confirm);
  const dialog = useRef<HTMLDialogElement>(null);
  const [option, setOption] = useState(false);

  useEffect(() => {
    if (request && !dialog.current?.open) {
      setOption(request.option?.checked ?? false);
      dialog.current?.showModal();
    }
    if (!request && dialog.current?.open) dialog.current.close();
  }, [request]);

  if (!request) return <dialog ref={dialog} />;
  const answer = (confirmed: boolean) => request.resolve({ confirmed, option });
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
      {request.option && (
        <label className="toggle">
          <input type="checkbox" checked={option} onChange={(e) => setOption(e.target.checked)} />
          {request.option.label}
        </label>
      )}
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
