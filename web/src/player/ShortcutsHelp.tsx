import { SHORTCUTS } from './shortcuts';

/** The shortcuts, listed in a popover the `?` key (or the player's ? button) opens. */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return (
    <div class="shortcuts-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts-help">
      <h3>Keyboard shortcuts</h3>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <>
            <dt key={keys}><kbd>{keys}</kbd></dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={onClose}>Close</button>
    </div>
  );
}
