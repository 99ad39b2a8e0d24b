import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Names the player's chunk (rrweb, loaded with import() when a replay opens) in index.html as a
 * modulepreload: the browser fetches and compiles it beside the dashboard's own script, instead of
 * only once the app has started and asked for it. Executing it still waits for a replay.
 */
function preloadPlayer(): Plugin {
  return {
    name: 'hindsight:preload-player',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const player = Object.values(bundle ?? {}).find(
          (file) => file.type === 'chunk' && file.isDynamicEntry && file.facadeModuleId?.endsWith('/src/lib/replayer.ts'),
        );
        if (!player) return [];
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/app/${player.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

// The server serves the built dashboard from its static root under /app/ and answers every dashboard
// route (/, /login, /replays/<id>) with /app/index.html, so asset URLs must be absolute under /app/.
export default defineConfig({
  base: '/app/',
  plugins: [preloadPlayer()],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: '../src/Hindsight.Server/wwwroot/app',
    emptyOutDir: true,
    sourcemap: true,
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
