import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two test tiers in one config, chosen with --project (see package.json scripts):
//   unit     Node only: pure cores, the CLI, the fake Responses server through the real SDK.
//            No browser, no VS Code; runs in well under a minute (`npm run test:unit`).
//   browser  webview code in headless Chromium under the real CSP (`npm run test:browser`).
// A path filter works across both: `npx vitest run --config test/vitest.config.mts test/unit/patch`.
// Extension-host and end-to-end tests in a real VS Code have their own config (test/e2e/vitest.config.mts).
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
        },
      },
    ],
  },
});
