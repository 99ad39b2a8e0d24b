import { useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { formatClock } from '../lib/time';
import type { NetworkEntry } from './devtools';

interface Props {
  entries: readonly NetworkEntry[];
  totalMs: number;
  currentMs: ReadonlySignal<number>;
  onSeek: (ms: number) => void;
}

const size = (chars: number | null) => (chars === null ? '—' : chars < 1000 ? `${chars} B` : `${(chars / 1000).toFixed(1)} kB`);
const path = (url: string) => {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
};

/** The page's requests as a waterfall: method, URL, status, type, size, duration; failed ones stand out. */
export function NetworkPanel({ entries, totalMs, currentMs, onSeek }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const [failedOnly, setFailedOnly] = useState(false);
  const shown = failedOnly ? entries.filter((e) => e.failed) : entries;
  const span = Math.max(1, totalMs);
  const now = currentMs.value;

  return (
    <div class="devtools-panel" data-testid="network-panel">
      <div class="devtools-filters">
        <label>
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly((e.target as HTMLInputElement).checked)} /> Failed only
          ({entries.filter((e) => e.failed).length})
        </label>
      </div>
      {entries.length === 0 && <p class="pane-note">No requests were recorded (record_network is off by default).</p>}
      <ol class="devtools-list">
        {shown.map((entry) => (
          <li key={entry.key} class={`network-entry${entry.failed ? ' failed' : ''}`} data-testid="network-entry"
            data-failed={entry.failed ? 'true' : undefined} aria-current={entry.ms <= now && now <= entry.ms + entry.durationMs ? 'true' : undefined}>
            <div class="network-row">
              <button type="button" class="devtools-time" onClick={() => onSeek(Math.max(0, entry.ms))} title="Go to this moment">
                {formatClock(Math.max(0, entry.ms))}
              </button>
              <button type="button" class="network-summary" aria-expanded={open === entry.key}
                onClick={() => setOpen(open === entry.key ? null : entry.key)} title={entry.url}>
                <span class="network-method">{entry.method}</span>
                <span class="network-url">{path(entry.url)}</span>
                <span class="network-status" data-testid="network-status">{entry.status === undefined ? '' : entry.status === 0 ? 'error' : entry.status}</span>
                <span class="network-type">{entry.type}</span>
                <span class="network-size">{size(entry.size)}</span>
                <span class="network-duration">{entry.durationMs} ms</span>
              </button>
            </div>
            <div class="network-bar" aria-hidden="true">
              <span style={{ left: `${(Math.max(0, entry.ms) / span) * 100}%`, width: `${Math.max(0.5, (entry.durationMs / span) * 100)}%` }} />
            </div>
            {open === entry.key && <NetworkDetail entry={entry} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

function NetworkDetail({ entry }: { entry: NetworkEntry }) {
  const headerList = (headers: Record<string, string>) =>
    Object.keys(headers).length === 0 ? <p class="pane-note">Not recorded.</p> : (
      <dl>{Object.entries(headers).map(([name, value]) => <><dt key={name}>{name}</dt><dd>{value}</dd></>)}</dl>
    );
  return (
    <div class="network-detail" data-testid="network-detail">
      <p class="network-full-url">{entry.url}</p>
      <h4>Request headers</h4>
      {headerList(entry.requestHeaders)}
      <h4>Request body</h4>
      {entry.requestBody === null ? <p class="pane-note">Not recorded.</p> : <pre>{entry.requestBody}</pre>}
      <h4>Response headers</h4>
      {headerList(entry.responseHeaders)}
      <h4>Response body</h4>
      {entry.responseBody === null ? <p class="pane-note">Not recorded.</p> : <pre>{entry.responseBody}</pre>}
    </div>
  );
}
