// Console output behind the `debug` option: silent by default, because a site's console is not ours.
export interface Logger {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export function createLogger(isDebug: () => boolean): Logger {
  const write = (method: 'log' | 'error', args: unknown[]) => {
    if (isDebug() && typeof console !== 'undefined') console[method]('[hindsight]', ...args);
  };
  return {
    log: (...args) => write('log', args),
    error: (...args) => write('error', args),
  };
}
