import { useState } from 'preact/hooks';
import { RETENTION_DAYS } from '@hindsight/types';
import { api, ApiError } from '../api';
import type { SettingsModel } from '../state/settings';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  model: SettingsModel;
}

/** How long the project keeps replays; admins change it, after a confirmation when it deletes replays sooner. */
export function RetentionPanel({ model }: Props) {
  const settings = model.saved.value!;
  const [draft, setDraft] = useState(String(settings.retentionDays));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const days = Number(draft);
  const valid = Number.isInteger(days) && days >= RETENTION_DAYS.min && days <= RETENTION_DAYS.max;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.setRetention(model.projectId, days);
      model.saved.value = { ...model.saved.value!, retentionDays: saved.retentionDays };
      setConfirming(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The retention could not be saved. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };
  // A shorter retention deletes replays at the next sweep: that is asked for twice.
  const submit = () => (days < settings.retentionDays ? setConfirming(true) : void save());

  return (
    <section class="settings-card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention</h2>
      <p class="settings-note" data-testid="retention-days" data-days={settings.retentionDays}>
        Replays are kept {settings.retentionDays} days from when they were recorded, then deleted with their stored bytes.
        Tracked events are kept.
      </p>
      {settings.canEdit && (
        <form class="retention-row" onSubmit={(e) => { e.preventDefault(); if (valid) submit(); }}>
          <label class="settings-field">
            <span>Keep replays for (days, {RETENTION_DAYS.min} to {RETENTION_DAYS.max})</span>
            <input class="input" type="number" min={RETENTION_DAYS.min} max={RETENTION_DAYS.max} step={1} value={draft}
              data-testid="retention-input" aria-invalid={!valid} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
          </label>
          <button class="button" type="submit" data-testid="retention-save" disabled={!valid || days === settings.retentionDays || busy}>
            Save retention
          </button>
        </form>
      )}
      {error && !confirming && <p class="settings-error" role="alert">{error}</p>}
      {confirming && (
        <ConfirmDialog title={`Keep replays ${days} days?`} confirmLabel="Shorten retention" danger busy={busy}
          onConfirm={() => void save()} onCancel={() => setConfirming(false)}>
          <p>Replays recorded more than {days} days ago will be deleted within minutes, with their stored bytes. This cannot be undone.</p>
          {error && <p class="settings-error" role="alert">{error}</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}
