import { useState } from 'preact/hooks';
import type { PlayerModel } from '../state/player';
import type { TimelineMarker } from './activity';
import { ActivityPanel } from './ActivityPanel';
import { ConsolePanel } from './ConsolePanel';
import { NetworkPanel } from './NetworkPanel';

type Tab = 'activity' | 'console' | 'network';

interface Props {
  model: PlayerModel;
  /** The timeline's markers, which the Activity tab lists. */
  markers: readonly TimelineMarker[];
  eventsError: string | null;
  eventsTruncated: boolean;
  onShortcuts: () => void;
}

/** The panels beside the stage: the replay's activity, the page's console and its network requests. */
export function PlayerPanels({ model, markers, eventsError, eventsTruncated, onShortcuts }: Props) {
  const [tab, setTab] = useState<Tab>('activity');
  model.devtoolsVersion.value; // re-render as chunks bring more
  const { console: logged, network } = model.devtools;
  const errors = logged.filter((e) => e.level === 'error').length;
  const failed = network.filter((e) => e.failed).length;
  const tabs: Array<[Tab, string]> = [
    ['activity', `Activity (${markers.length})`],
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
      {tab === 'activity' && (
        <ActivityPanel markers={markers} eventsError={eventsError} eventsTruncated={eventsTruncated}
          currentMs={model.currentMs} onSeek={(ms) => model.seek(ms)} />
      )}
      {tab === 'console' && <ConsolePanel entries={logged} currentMs={model.currentMs} onSeek={(ms) => model.seek(ms)} />}
      {tab === 'network' && (
        <NetworkPanel entries={network} totalMs={model.totalMs.value} currentMs={model.currentMs} onSeek={(ms) => model.seek(ms)} />
      )}
    </aside>
  );
}
