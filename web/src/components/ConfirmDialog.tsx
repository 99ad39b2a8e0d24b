import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface Props {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  /** Shows the confirm button as destructive (pausing), rather than as the primary action. */
  danger?: boolean;
  /** While the action runs: both buttons wait. */
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before an action that matters. The browser's own modal <dialog> keeps the page behind
 * it inert and focus inside it; Escape cancels; Cancel has the focus first, so Enter does no harm.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, busy = false, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!element.open) element.showModal();
    return () => {
      if (element.open) element.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      data-testid="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        // Escape: close through the owner, which unmounts the dialog.
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`} class="dialog-body">
        {children}
      </div>
      <div class="dialog-actions">
        <button class="button" data-testid="confirm-cancel" type="button" autoFocus disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button
          class={`button ${danger ? 'button-danger' : 'button-primary'}`}
          data-testid="confirm-accept"
          type="button"
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
