import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores in CI: pocketsphinx and ffmpeg tests start processes of their own.
    maxWorkers: 2,
  },
});
