// One request tied to a component: asked again when its key changes, the earlier one aborted, so a
// slow answer to an old query never overwrites the new one.

import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';

export type RequestState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: string };

/** `load` null means "nothing to ask yet" (e.g. no event picked): the state stays idle-ready with null data. */
export function useRequest<T>(key: string, load: ((signal: AbortSignal) => Promise<T>) | null): RequestState<T> & { reload: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading', data: null, error: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!load) {
      setState({ status: 'ready', data: null as T, error: null });
      return;
    }
    const controller = new AbortController();
    // Keeps what is shown while the next answer comes, so a chart does not blink on every change.
    setState((s) => ({ status: 'loading', data: s.data, error: null }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ status: 'ready', data, error: null }),
      (error) => !controller.signal.aborted && setState((s) => ({ status: 'error', data: s.data, error: describeError(error) })),
    );
    return () => controller.abort();
  }, [key, attempt]);

  return { ...state, reload: () => setAttempt((n) => n + 1) };
}

/** What a failed analytics request says to a person. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'query_timeout') return 'This query took too long and was stopped. Try a shorter range or fewer events.';
    if (error.status === 403) return 'You are not a member of this project.';
    return error.message;
  }
  return (error as Error)?.message || 'Something went wrong.';
}
