import { useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { formatClock } from '../lib/time';
import { currentIndex } from '../lib/playback-index';
import { filterConsole, levelCounts, type ConsoleEntry } from './devtools';

interface Props {
  entries: readonly ConsoleEntry[];
  currentMs: ReadonlySignal<number>;
  onSeek: (ms: number) => void;
}

/** The page's console as recorded: levels with counts, a level filter, search, stack traces of errors. */
export function ConsolePanel({ entries, currentMs, onSeek }: Props) {
  const [level, setLevel] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const counts = levelCounts(entries);
  const shown = filterConsole(entries, level, search);
  const current = currentIndex(shown, currentMs.value);

  return (
    <div class="devtools-panel" data-testid="console-panel">
      <div class="devtools-filters">
        <button type="button" class="chip" aria-pressed={level === null} onClick={() => setLevel(null)}>
          All {entries.length}
        </button>
        {[...counts].map(([name, count]) => (
          <button key={name} type="button" class={`chip level-${name}`} data-testid={`console-level-${name}`}
            aria-pressed={level === name} onClick={() => setLevel(level === name ? null : name)}>
            {name} {count}
          </button>
        ))}
        <input type="search" placeholder="Search the console" aria-label="Search the console" data-testid="console-search"
          value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </div>
      {entries.length === 0 && <p class="pane-note">Nothing was logged (or the console was not recorded).</p>}
      <ol class="devtools-list">
        {shown.map((entry, i) => (
          <li key={entry.key} class={`console-entry level-${entry.level}`} data-testid="console-entry" data-level={entry.level}
            aria-current={i === current ? 'true' : undefined}>
            <button type="button" class="devtools-time" onClick={() => onSeek(Math.max(0, entry.ms))} title="Go to this moment">
              {formatClock(Math.max(0, entry.ms))}
            </button>
            <div class="console-message">
              <span>{entry.args.join(' ')}</span>
              {entry.trace.length > 0 && (
                <details>
                  <summary>Stack trace</summary>
                  <pre>{entry.trace.join('\n')}</pre>
                </details>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
