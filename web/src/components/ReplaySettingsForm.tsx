import type { ComponentChildren } from 'preact';
import type { SettingsForm } from '../lib/settings-form';
import type { SettingsModel } from '../state/settings';

interface Props {
  model: SettingsModel;
}

type TextField = 'percent' | 'idleMinutes' | 'minSeconds' | 'maxHours';

/** Sampling, limits, heatmap data and manual mode: editable by admins, read-only for everyone else. */
export function ReplaySettingsForm({ model }: Props) {
  const form = model.form.value!;
  const canEdit = model.saved.value!.canEdit;
  const errors = model.fieldErrors.value;
  const saving = model.saveStatus.value === 'saving';

  const number = (field: TextField, testId: string, label: string, unit: string, hint: string) => (
    <Field id={`setting-${field}`} label={label} hint={hint} error={errors[field]}>
      <span class="settings-input-unit">
        <input
          id={`setting-${field}`}
          class="input"
          data-testid={testId}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="Site's config"
          value={form[field]}
          disabled={!canEdit}
          aria-invalid={errors[field] ? 'true' : undefined}
          aria-describedby={`setting-${field}-hint${errors[field] ? ` setting-${field}-error` : ''}`}
          onInput={(e) => model.edit({ [field]: e.currentTarget.value } as Partial<SettingsForm>)}
        />
        <span class="settings-unit">{unit}</span>
      </span>
    </Field>
  );

  return (
    <form
      class="settings-card"
      aria-labelledby="replay-settings-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void model.save();
      }}
    >
      <h2 id="replay-settings-heading">Replay settings</h2>
      <p class="muted settings-lead">
        These override the options your site passes to <code>init</code>, from each visitor's next page load. Leave a field empty to
        let the site's own configuration decide.
      </p>
      {!canEdit && (
        <p class="settings-note" data-testid="settings-readonly">
          Only admins of this project can change these settings.
        </p>
      )}
      {number('percent', 'settings-percent', 'Sampling', '%', 'Share of visits recorded: 0 records none, 100 records every visit.')}
      {number('idleMinutes', 'settings-idle-minutes', 'Idle timeout', 'minutes', 'After this long without activity a replay ends; the next activity starts a new one.')}
      {number('minSeconds', 'settings-min-seconds', 'Minimum length', 'seconds', 'Visits shorter than this are never sent (8 seconds at most).')}
      {number('maxHours', 'settings-max-hours', 'Maximum length', 'hours', 'A replay that reaches this length ends and a new one begins (24 hours at most).')}
      <Field id="setting-heatmap" label="Heatmap data" hint="Clicks, rage and dead clicks and page leaves, sent as events for heatmaps.">
        <select
          id="setting-heatmap"
          class="input"
          data-testid="settings-heatmap"
          value={form.heatmap}
          disabled={!canEdit}
          aria-describedby="setting-heatmap-hint"
          onChange={(e) => model.edit({ heatmap: e.currentTarget.value as SettingsForm['heatmap'] })}
        >
          <option value="site">Site's config</option>
          <option value="on">Collect</option>
          <option value="off">Do not collect</option>
        </select>
      </Field>
      <label class="settings-check">
        <input
          type="checkbox"
          data-testid="settings-manual"
          checked={form.manual}
          disabled={!canEdit}
          aria-describedby="setting-manual-hint"
          onChange={(e) => model.edit({ manual: e.currentTarget.checked })}
        />
        <span>
          <strong>Start recordings manually</strong>
          <span id="setting-manual-hint" class="muted">
            Sampling starts nothing; your site calls <code>hindsight.start_session_recording()</code> to record the rest of a visit.
          </span>
        </span>
      </label>
      {canEdit && (
        <div class="settings-actions">
          <button class="button button-primary" data-testid="settings-save" type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <span class="settings-saved" role="status">
            {model.saveStatus.value === 'saved' && <span data-testid="settings-saved">Saved. Visitors get the new settings on their next page load.</span>}
          </span>
        </div>
      )}
      {model.saveError.value && model.saveStatus.value === 'error' && (
        <p class="settings-error" data-testid="settings-error" role="alert">
          {model.saveError.value}
        </p>
      )}
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint: string;
  error?: string;
  children: ComponentChildren;
}

function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div class={`settings-field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      <span id={`${id}-hint`} class="settings-hint">
        {hint}
      </span>
      {error && (
        <span id={`${id}-error`} class="settings-field-error" data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
