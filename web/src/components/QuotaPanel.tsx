import { useEffect, useState } from 'preact/hooks';
import { QUOTA_LIMITS, type QuotaStatus, type QuotaUpdate } from '@hindsight/types';
import { api, ApiError } from '../api';
import { formatAbsolute } from '../lib/time';

interface Props {
  projectId: number;
  canEdit: boolean;
}

/** An input's text as a cap: empty is none, else a whole number in range (undefined: not valid). */
export function parseCap(text: string, max: number): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
}

/** "1,234 of 10,000 replays this month", or without a cap "1,234 replays this month". */
export function monthUsage(status: QuotaStatus): string {
  const used = status.monthReplays.toLocaleString();
  return status.monthlyReplayCap === null
    ? `${used} replays this month, no monthly cap`
    : `${used} of ${status.monthlyReplayCap.toLocaleString()} replays this month`;
}

/** The project's caps on new replays — usage for every member, the caps editable by admins. */
export function QuotaPanel({ projectId, canEdit }: Props) {
  const [status, setStatus] = useState<QuotaStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [monthly, setMonthly] = useState('');
  const [trialDays, setTrialDays] = useState('');
  const [trialReplays, setTrialReplays] = useState('');

  const show = (next: QuotaStatus) => {
    setStatus(next);
    setMonthly(next.monthlyReplayCap?.toString() ?? '');
    setTrialDays(next.trial?.days?.toString() ?? '');
    setTrialReplays(next.trial?.replayCap?.toString() ?? '');
  };

  useEffect(() => {
    const abort = new AbortController();
    api.quota(projectId, abort.signal).then(show, (e) => {
      if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The quota could not be loaded.');
    });
    return () => abort.abort();
  }, [projectId]);

  const wanted: Partial<Record<keyof QuotaUpdate, number | null | undefined>> = {
    monthlyReplayCap: parseCap(monthly, QUOTA_LIMITS.maxCap),
    trialDays: parseCap(trialDays, QUOTA_LIMITS.maxTrialDays),
    trialReplayCap: parseCap(trialReplays, QUOTA_LIMITS.maxCap),
  };
  const valid = Object.values(wanted).every((v) => v !== undefined);

  const save = async (restartTrial = false) => {
    setBusy(true);
    setError(null);
    try {
      show(await api.setQuota(projectId, { ...(wanted as QuotaUpdate), restartTrial }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The quota could not be saved. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-card" aria-labelledby="quota-heading" data-testid="quota-panel">
      <h2 id="quota-heading">Quota</h2>
      {!status && !error && <span class="spinner" aria-label="Loading" />}
      {status && (
        <>
          <p class="settings-note" data-testid="quota-usage">
            {monthUsage(status)}
            {status.trial && (
              <>
                {' · '}trial: {status.trial.replays.toLocaleString()}
                {status.trial.replayCap !== null && ` of ${status.trial.replayCap.toLocaleString()}`} replays
                {status.trial.endsAt !== null && `, ends ${formatAbsolute(status.trial.endsAt)}`}
              </>
            )}
          </p>
          {status.blocked && (
            <p class="settings-error" role="status" data-testid="quota-blocked" data-blocked={status.blocked}>
              {status.message} Tracked events are still recorded.
            </p>
          )}
          <p class="settings-note">
            A tab counts once however many replays it starts; a replay from mixpanel-browser counts once. When a cap is
            reached, new replays are refused as if capture were paused and replays under way finish.
          </p>
        </>
      )}
      {status && canEdit && (
        <form class="quota-form" onSubmit={(e) => { e.preventDefault(); if (valid) void save(); }}>
          <label class="settings-field">
            <span>Replays a month (empty: no cap)</span>
            <input class="input" inputMode="numeric" value={monthly} data-testid="quota-monthly" aria-invalid={wanted.monthlyReplayCap === undefined}
              onInput={(e) => setMonthly((e.target as HTMLInputElement).value)} />
          </label>
          <label class="settings-field">
            <span>Trial days (empty: no trial by days)</span>
            <input class="input" inputMode="numeric" value={trialDays} data-testid="quota-trial-days" aria-invalid={wanted.trialDays === undefined}
              onInput={(e) => setTrialDays((e.target as HTMLInputElement).value)} />
          </label>
          <label class="settings-field">
            <span>Trial replays (empty: no trial by replays)</span>
            <input class="input" inputMode="numeric" value={trialReplays} data-testid="quota-trial-replays" aria-invalid={wanted.trialReplayCap === undefined}
              onInput={(e) => setTrialReplays((e.target as HTMLInputElement).value)} />
          </label>
          <div class="quota-actions">
            <button class="button" type="submit" data-testid="quota-save" disabled={!valid || busy}>Save quota</button>
            {status.trial && (
              <button class="button button-quiet" type="button" disabled={!valid || busy} onClick={() => void save(true)}>
                Restart trial from today
              </button>
            )}
          </div>
        </form>
      )}
      {error && <p class="settings-error" role="alert">{error}</p>}
    </section>
  );
}
