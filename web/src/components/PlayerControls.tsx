import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SPEEDS, type PlayerModel } from '../state/player';
import { replayLink } from '../lib/link';
import { api } from '../api';
import { formatClock } from '../lib/time';
import type { TimelineMarker } from '../player/activity';
import { Timeline } from './Timeline';

interface Props {
  model: PlayerModel;
  markers?: readonly TimelineMarker[];
  /** The element that goes full screen: stage and controls together. */
  container: RefObject<HTMLElement>;
}

type CopyStatus = 'idle' | 'copied' | 'manual';

export function PlayerControls({ model, container, markers }: Props) {
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState<CopyStatus>('idle');
  const fullscreen = useFullscreen(container);

  const state = model.state.value;
  const playing = model.wantsPlay.value && state !== 'ended' && state !== 'error';
  const projectId = model.projectId.value;

  const copyLink = async () => {
    if (projectId === null) return;
    const url = replayLink(window.location.origin, model.replayId, projectId, model.currentMs.value);
    // Shown whatever happens: clipboard access can be denied (or absent on plain http), and then the
    // link is still there to select.
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopyStatus('copied');
    } catch {
      setCopyStatus('manual');
    }
  };

  return (
    <div class="controls">
      <Timeline
        currentMs={model.currentMs.value}
        totalMs={model.totalMs.value}
        loadedMs={model.loadedMs.value}
        inactive={model.inactive.value}
        skipInactive={model.skipInactive.value}
        markers={markers}
        onSeek={(ms) => model.seek(ms)}
      />
      <div class="controls-row">
        <button
          class="play-button"
          data-testid="player-play"
          type="button"
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause (space)' : 'Play (space)'}
          disabled={state === 'error'}
          onClick={() => model.togglePlay()}
        >
          {playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <span class="clock">
          <span data-testid="player-current">{formatClock(model.currentMs.value)}</span>
          <span class="clock-sep">/</span>
          <span data-testid="player-total">{formatClock(model.totalMs.value)}</span>
        </span>

        {model.live.value && (
          <LiveBadge following={model.following.value} onGoLive={() => model.goLive()} />
        )}
        <span class="controls-spacer" />
        {projectId !== null && (
          <a
            class="button button-quiet"
            data-testid="player-export"
            href={api.exportUrl(model.replayId, projectId)}
            download={`replay-${model.replayId}.json`}
            title="Download the replay as rrweb JSON, playable by any rrweb tool"
          >
            Download
          </a>
        )}

        <div class="speeds" role="group" aria-label="Playback speed">
          {SPEEDS.map((speed) => (
            <button
              key={speed}
              class="speed"
              type="button"
              data-testid={`player-speed-${speed}`}
              aria-pressed={model.speed.value === speed ? 'true' : 'false'}
              onClick={() => model.setSpeed(speed)}
            >
              {speed}×
            </button>
          ))}
        </div>
        <label class="toggle" title="Jump over stretches where the visitor did nothing">
          <input
            data-testid="player-skip-inactive"
            type="checkbox"
            checked={model.skipInactive.value}
            onChange={(e) => model.setSkipInactive(e.currentTarget.checked)}
          />
          Skip inactivity
        </label>
        <button
          class="button button-quiet"
          data-testid="player-copy-link"
          type="button"
          disabled={!model.detail.value || state === 'error'}
          title="Copy a link to this moment of the replay"
          onClick={() => void copyLink()}
        >
          <LinkIcon /> Copy link
        </button>
        <button
          class="icon-button"
          data-testid="player-fullscreen"
          type="button"
          aria-label={fullscreen.active ? 'Exit full screen' : 'Full screen'}
          aria-pressed={fullscreen.active ? 'true' : 'false'}
          title={fullscreen.active ? 'Exit full screen' : 'Full screen'}
          disabled={!fullscreen.supported}
          onClick={fullscreen.toggle}
        >
          <FullscreenIcon exit={fullscreen.active} />
        </button>
      </div>
      {link && (
        <div class="copied-link" role="status">
          <span>{copyStatus === 'copied' ? 'Link copied:' : copyStatus === 'manual' ? 'Copy this link:' : 'Link:'}</span>
          <a data-testid="player-link" href={link}>
            {link}
          </a>
        </div>
      )}
    </div>
  );
}

function useFullscreen(container: RefObject<HTMLElement>) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null && document.fullscreenElement === container.current);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void container.current?.requestFullscreen().catch(() => undefined);
  };
  return { active, toggle, supported: typeof document !== 'undefined' && document.fullscreenEnabled !== false };
}

function PlayIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
      <path d="M6 4l10 6-10 6z" fill="currentColor" />
    </svg>
  );
}

function PauseIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
      <path d="M5 4h3.5v12H5zM11.5 4H15v12h-3.5z" fill="currentColor" />
    </svg>
  );
}

function LinkIcon() {
  return (
    <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true">
      <path
        d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5L10 5m1.5 3.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1"
        fill="none"
        stroke="currentColor"
        stroke-width="1.7"
        stroke-linecap="round"
      />
    </svg>
  );
}

function FullscreenIcon({ exit }: { exit: boolean }) {
  const d = exit ? 'M8 3v5H3M12 3v5h5M8 17v-5H3M12 17v-5h5' : 'M3 8V3h5M17 8V3h-5M3 12v5h5M17 12v5h-5';
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

/** "Live" while following the end of a replay still being recorded; "Go live" while watching an earlier moment. */
function LiveBadge({ following, onGoLive }: { following: boolean; onGoLive: () => void }) {
  if (following) {
    return (
      <span class="live-badge" data-testid="player-live" title="Still being recorded: new activity appears as it happens">
        Live
      </span>
    );
  }
  return (
    <button class="button button-quiet live-button" data-testid="player-go-live" type="button" onClick={onGoLive}>
      Go live
    </button>
  );
}
