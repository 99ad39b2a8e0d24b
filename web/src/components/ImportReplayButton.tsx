import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import { replayPath } from '../lib/link';

interface Props {
  projectId: number;
}

/** Admins: pick an rrweb JSON file (an export, or any rrweb recording) and open it as a new replay. */
export function ImportReplayButton({ projectId }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const made = await api.importReplay(projectId, file);
      navigate(replayPath(made.replayId, projectId));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The file could not be imported.');
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <button class="button button-quiet" type="button" data-testid="feed-import" disabled={busy} onClick={() => input.current?.click()}
        title="Import an rrweb JSON file as a new replay">
        {busy ? 'Importing…' : 'Import'}
      </button>
      <input ref={input} type="file" accept=".json,.gz,application/json" hidden data-testid="feed-import-file"
        onChange={(e) => void upload(e.currentTarget.files?.[0])} />
      {error && (
        <p class="feed-error" role="alert" data-testid="feed-import-error">
          {error}
        </p>
      )}
    </>
  );
}
