import { configDefaults, defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

// The config lives in test/ because the top level of the repository is fixed.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/moodle/**'], // needs root and a real Moodle: `npm run test:moodle`
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests each start Chromium; two cores do not gain from more workers.
    maxWorkers: 2,
  },
})
