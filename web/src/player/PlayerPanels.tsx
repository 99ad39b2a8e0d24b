import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { PlayerModel } from '../state/player';
import { ConsolePanel } from './ConsolePanel';
import { NetworkPanel } from './NetworkPanel';

type Tab = 'events' | 'console' | 'network';

interface Props {
  model: PlayerModel;
  /** The tracked events list (ReplayEvents). */
  events: ComponentChildren;
  onShortcuts: () => void;
}

/** The panels beside the stage: tracked events, the page's console and its network requests. */
export function PlayerPanels({ model, events, onShortcuts }: Props) {
  const [tab, setTab] = useState<Tab>('events');
  model.devtoolsVersion.value; // re-render as chunks bring more
  const { console: logged, network } = model.devtools;
  const errors = logged.filter((e) => e.level === 'error').length;
  const failed = network.filter((e) => e.failed).length;
  const tabs: Array<[Tab, string]> = [
    ['events', 'Events'],
    ['console', errors ? `Console (${errors} ${errors === 1 ? 'error' : 'errors'})` : `Console (${logged.length})`],
    ['network', failed ? `Network (${failed} failed)` : `Network (${network.length})`],
  ];
  return (
    <aside class="player-panels" aria-label="Replay panels">
      <div class="player-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`panel-tab-${id}`} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
        <button type="button" class="shortcuts-button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts"
          data-testid="shortcuts-button" onClick={onShortcuts}>?</button>
      </div>
      {tab === 'events' && events}
      {tab === 'console' && <ConsolePanel entries={logged} currentMs={model.currentMs} onSeek={(ms) => model.seek(ms)} />}
      {tab === 'network' && (
        <NetworkPanel entries={network} totalMs={model.totalMs.value} currentMs={model.currentMs} onSeek={(ms) => model.seek(ms)} />
      )}
    </aside>
  );
}
