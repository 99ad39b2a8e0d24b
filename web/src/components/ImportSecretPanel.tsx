import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { copyText, type CopyOutcome } from '../lib/clipboard';

interface Props {
  projectId: number;
}

/** The curl a backend team starts from: one event with its own time, $insert_id and distinct id. */
export function importCurl(origin: string, secret: string): string {
  const event = JSON.stringify([
    { event: 'Signed up', properties: { time: 1718000000, distinct_id: 'user-1', $insert_id: 'signup-user-1', plan: 'pro' } },
  ]);
  return `curl -u '${secret}:' -H 'Content-Type: application/json' \\\n  --data '${event}' \\\n  '${origin}/import?strict=1'`;
}

/**
 * Admins only (SettingsPage shows it when the settings say canReadImportSecret): the project's import
 * secret, for sending events from a backend to POST /import, with a copy button and an example.
 */
export function ImportSecretPanel({ projectId }: Props) {
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copy, setCopy] = useState<CopyOutcome | null>(null);
  const holder = useRef<HTMLElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    api.importSecret(projectId, abort.signal).then(
      (reply) => setSecret(reply.secret),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The import secret could not be loaded.');
      },
    );
    return () => abort.abort();
  }, [projectId]);

  return (
    <section class="settings-card" aria-labelledby="import-heading" data-testid="import-secret-panel">
      <h2 id="import-heading">Import secret</h2>
      <p class="muted settings-lead">
        Send events from your servers to <code>POST /import</code> (Mixpanel's import API) with this secret as the user name of
        HTTP Basic. It can write events as any of your users: keep it on your servers, never in a page.
      </p>
      {error && (
        <p class="settings-error" role="alert">
          {error}
        </p>
      )}
      {secret && (
        <>
          <code class="settings-secret" ref={holder} data-testid="import-secret">
            {secret}
          </code>
          <div class="settings-actions">
            <button
              class="button"
              data-testid="import-secret-copy"
              type="button"
              onClick={() => void copyText(secret, holder.current!).then(setCopy)}
            >
              Copy secret
            </button>
            <span class="settings-saved" role="status">
              {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'manual' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy.' : ''}
            </span>
          </div>
          <pre class="settings-snippet" data-testid="import-curl">
            {importCurl(window.location.origin, secret)}
          </pre>
        </>
      )}
    </section>
  );
}
