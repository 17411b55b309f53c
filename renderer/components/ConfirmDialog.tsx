import { useState } from 'react';
import { useStore } from '../state/store';
import { type ConfirmRequest } from '../state/confirm';
import { ModalDialog } from './ModalDialog';

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). */
export function ConfirmDialog() {
  const request = useStore((s) => s.confirm);
  // what the user ticked, for the question it was ticked in: each new question starts from its defaults
  const [ticked, setTicked] = useState<{ request: ConfirmRequest | undefined; options: boolean[] }>({ request: undefined, options: [] });
  const options = request && ticked.request === request ? ticked.options : (request?.options ?? []).map((option) => option.checked);
  const tick = (index: number, checked: boolean) => setTicked({ request, options: options.map((value, i) => (i === index ? checked : value)) });

  const answer = (confirmed: boolean) => request?.resolve({ confirmed, options });
  return (
    <ModalDialog open={Boolean(request)} onEscape={() => answer(false)} className="confirm" labelledBy="confirm-title">
      {request && (
        <>
          <h2 id="confirm-title">{request.title}</h2>
          <p>{request.body}</p>
          {request.options?.map((option, i) => (
            <label className="toggle" key={option.label}>
              <input type="checkbox" checked={options[i] ?? false} onChange={(e) => tick(i, e.target.checked)} />
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
        </>
      )}
    </ModalDialog>
  );
}
