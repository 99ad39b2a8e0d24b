import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { navigate, route } from '../router';
import { PlayerModel } from '../state/player';
import { selectProject } from '../state/session';
import { replayPath } from '../lib/link';
import { api } from '../api';
import { useRequest } from '../ui/use-request';
import { PlayerControls } from './PlayerControls';
import { ReplayInfo } from './ReplayInfo';
import { Stage } from './Stage';
import { PlayerPanels } from '../player/PlayerPanels';
import { activityMarkers } from '../player/activity';
import { usePlayerShortcuts } from '../player/shortcuts';
import { ShortcutsHelp } from '../player/ShortcutsHelp';

interface Props {
  replayId: string;
  /** From the link; null when the link had none (the SDK's replay links do not). */
  projectId: number | null;
  /** Open paused at this many ms from the start. */
  t: number | null;
}

export function Player({ replayId, projectId, t }: Props) {
  // One model per mounted player: App keys this component by replay and t.
  const model = useMemo(() => new PlayerModel(replayId, projectId, t), []);
  const container = useRef<HTMLElement>(null);
  const frame = useRef<HTMLDivElement>(null);

  // A layout effect runs as soon as the stage exists; a plain effect would wait for the next frame.
  useLayoutEffect(() => {
    void model.start(frame.current!);
    return () => model.destroy();
  }, []);

  // A link without ?project= learns it from the replay; the address then says it, for sharing.
  const detail = model.detail.value;
  useEffect(() => {
    if (!detail || projectId !== null) return;
    selectProject(detail.projectId);
    const current = route.value;
    if (current.name === 'replay' && current.replayId === replayId) {
      navigate(replayPath(replayId, detail.projectId, t ?? undefined), { replace: true });
    }
  }, [detail]);

  const [helpOpen, setHelpOpen] = usePlayerShortcuts(model, container);

  // The replay's tracked events (explicit and stitched), once its project is known.
  const eventsProject = detail?.projectId ?? projectId;
  const events = useRequest(
    `${replayId}:${eventsProject}`,
    eventsProject === null ? null : (signal) => api.replayEvents(replayId, eventsProject, signal),
  );
  const tracked = events.data?.events ?? null;
  const devtoolsVersion = model.devtoolsVersion.value;
  const markers = useMemo(
    () => activityMarkers(tracked, model.devtools, model.page, model.totalMs.value),
    [tracked, model.totalMs.value, devtoolsVersion],
  );

  return (
    <>
    <section
      class="player"
      ref={container}
      data-testid="player"
      data-replay-id={replayId}
      data-state={model.state}
      data-current-ms={model.currentMs}
      data-total-ms={model.totalMs}
      data-loaded-chunks={model.loadedChunks}
      data-total-chunks={model.totalChunks}
      data-live={model.live.value ? 'true' : 'false'}
      data-live-subscribed={model.subscribed.value ? 'true' : 'false'}
      aria-label="Replay player"
    >
      <ReplayInfo detail={detail} afterFirstFrame={model.firstFrameBuilt.value} />
      <Stage model={model} frame={frame} />
      <PlayerControls model={model} container={container} markers={markers} />
    </section>
    <PlayerPanels
      model={model}
      onShortcuts={() => setHelpOpen(!helpOpen)}
      markers={markers}
      eventsError={events.status === 'error' ? events.error : null}
      eventsTruncated={events.data?.truncated ?? false}
    />
    <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
