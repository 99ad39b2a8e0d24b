import { useState } from 'preact/hooks';
import type { SettingsModel } from '../state/settings';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  model: SettingsModel;
}

/** Whether the project records new replays, and the switch admins and architects pause or resume it with. */
export function CapturePanel({ model }: Props) {
  const [confirming, setConfirming] = useState(false);
  const settings = model.saved.value!;
  const paused = settings.captureStatus === 'paused';

  const confirm = async () => {
    if (await model.setCapture(paused ? 'active' : 'paused')) setConfirming(false);
  };

  return (
    <section class="settings-card" aria-labelledby="capture-heading">
      <h2 id="capture-heading">Capture</h2>
      <div class="capture-row">
        <p class={`capture-status${paused ? ' is-paused' : ''}`} data-testid="capture-status" data-status={settings.captureStatus}>
          <span class="capture-dot" aria-hidden="true" />
          {paused ? 'Paused: no new replays start.' : 'Capturing: visits are recorded as the settings below say.'}
        </p>
        {settings.canChangeCapture && (
          <button
            class={`button${paused ? ' button-primary' : ''}`}
            data-testid="capture-toggle"
            type="button"
            onClick={() => setConfirming(true)}
          >
            {paused ? 'Resume capture' : 'Pause capture'}
          </button>
        )}
      </div>
      {settings.recordManually && (
        <p class="settings-note" data-testid="settings-manual-note">
          Manual mode is on: a recording starts only when your site calls <code>hindsight.start_session_recording()</code>.
        </p>
      )}
      {model.captureError.value && !confirming && (
        <p class="settings-error" role="alert">
          {model.captureError.value}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={paused ? 'Resume capture?' : 'Pause capture?'}
          confirmLabel={paused ? 'Resume capture' : 'Pause capture'}
          danger={!paused}
          busy={model.captureBusy.value}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
        >
          {paused ? (
            <p>Visits will be recorded again, as the settings say, from each visitor's next page load.</p>
          ) : (
            <>
              <p>
                While capture is paused, no new replay starts on your site: the server refuses them, and the SDK learns it
                on each visitor's next page load. Replays already under way finish. Events are still tracked.
              </p>
              <p>You can resume at any time from this page.</p>
            </>
          )}
          {model.captureError.value && (
            <p class="settings-error" role="alert">
              {model.captureError.value}
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
