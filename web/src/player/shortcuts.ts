// The player's keyboard shortcuts, as in video players and PostHog's and Sentry's replay tools; none of
// them fires while a person types in a field (the feed's search, the console's).
import { useEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { SPEEDS, type PlayerModel } from '../state/player';

export const SEEK_STEP_MS = 5_000;

export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['Space', 'Play or pause'],
  ['← / →', 'Back or forward 5 seconds'],
  ['1 – 5', `Speed ${SPEEDS.map((s) => `${s}×`).join(', ')}`],
  ['F', 'Full screen'],
  ['K', 'Skip inactivity on or off'],
  ['?', 'Show these shortcuts'],
];

export type ShortcutAction =
  | { kind: 'toggle-play' }
  | { kind: 'seek-by'; ms: number }
  | { kind: 'speed'; speed: (typeof SPEEDS)[number] }
  | { kind: 'fullscreen' }
  | { kind: 'skip-inactive' }
  | { kind: 'help' };

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement &&
    (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' ||
      (target.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((target as HTMLInputElement).type)));
}

/** What a key press asks of the player, or null when it is not a shortcut (or a person is typing). */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  if (event.code === 'Space' || event.key === ' ') return { kind: 'toggle-play' };
  // The timeline handles its own arrows (with Shift for 1 s steps) when it has focus.
  const onTimeline = event.target instanceof HTMLElement && event.target.getAttribute('role') === 'slider';
  if (event.key === 'ArrowLeft' && !onTimeline) return { kind: 'seek-by', ms: -SEEK_STEP_MS };
  if (event.key === 'ArrowRight' && !onTimeline) return { kind: 'seek-by', ms: SEEK_STEP_MS };
  const digit = Number(event.key);
  if (Number.isInteger(digit) && digit >= 1 && digit <= SPEEDS.length) return { kind: 'speed', speed: SPEEDS[digit - 1] };
  const key = event.key.toLowerCase();
  if (key === 'f') return { kind: 'fullscreen' };
  if (key === 'k') return { kind: 'skip-inactive' };
  if (event.key === '?') return { kind: 'help' };
  return null;
}

/** Binds the shortcuts for as long as the player is open; answers whether the help popover is open. */
export function usePlayerShortcuts(model: PlayerModel, container: RefObject<HTMLElement>) {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) {
        if (event.key === 'Escape') setHelp(false);
        return;
      }
      // Without this, a focused button would also be "clicked" by the space bar.
      event.preventDefault();
      if (event.repeat && action.kind !== 'seek-by') return;
      switch (action.kind) {
        case 'toggle-play': return model.togglePlay();
        case 'seek-by': return model.seek(Math.min(model.totalMs.value, Math.max(0, model.currentMs.value + action.ms)));
        case 'speed': return model.setSpeed(action.speed);
        case 'skip-inactive': return model.setSkipInactive(!model.skipInactive.value);
        case 'help': return setHelp((open) => !open);
        case 'fullscreen':
          if (document.fullscreenElement) void document.exitFullscreen();
          else void container.current?.requestFullscreen?.().catch(() => undefined);
      }
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if ((event.code === 'Space' || event.key === ' ') && !isTyping(event.target)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('keyup', onKeyUp);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
    };
  }, [model]);
  return [help, setHelp] as const;
}
