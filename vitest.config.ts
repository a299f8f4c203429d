import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      // The whole project the engine ships, and the demo book it serves.
      include: ['domain/**/*.ts', 'projections/**/*.ts', 'src/**/*.ts', 'adapters/**/*.ts', 'demo/**/*.ts'],
      // The workbench runs in the browser: its e2e specs drive it in Chromium, where Node's
      // coverage can't see it (its pure parts have unit specs of their own).
      exclude: ['adapters/web/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        // The whole project's floor, just under what it measured when it was first taken
        // (95.0–95.3 / 88.9–89.2 / 96.6 / 96.5–96.7 % over runs): raise it as tests are
        // added, never lower it.
        statements: 94.5,
        branches: 88.5,
        functions: 96,
        lines: 96,
        // The domain is the business: every rule has a test, enforced here.
        'domain/**/*.ts': { branches: 95 },
      },
    },
  },
});
