import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

// The config lives in test/ because the top level of the repository is fixed.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/moodle/**'], // needs root and a real Moodle: `npm run test:moodle`
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One test file per core: a browser test file also runs Chromium, whose pages need CPU too,
    // so more workers than cores only make every file slower.
    maxWorkers: Number(process.env.COURSEPACK_TEST_WORKERS) || availableParallelism(),
  },
})
