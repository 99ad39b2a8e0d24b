import { defineConfig } from 'vitest/config';

// The server serves the built dashboard from its static root under /app/ and answers every dashboard
// route (/, /login, /replays/<id>) with /app/index.html, so asset URLs must be absolute under /app/.
export default defineConfig({
  base: '/app/',
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
