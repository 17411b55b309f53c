import { useEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  open: boolean;
  /** Escape was pressed: the owner decides whether to close (a dialog at work may stay). */
  onEscape: () => void;
  className?: string;
  labelledBy?: string;
  children?: ReactNode;
}

/** A modal <dialog> while `open`: focus kept inside, the page behind inert. */
export function ModalDialog({ open, onEscape, className, labelledBy, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        onEscape();
      }}
    >
      {children}
    </dialog>
  );
}
