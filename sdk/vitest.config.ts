import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most of the SDK touches window, storage or the DOM; jsdom gives every test a fresh page.
    environment: 'jsdom',
    restoreMocks: true,
  },
});
