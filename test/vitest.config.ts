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
    // One test file per core (two on the machines this was measured on). Side by side they once failed
    // in every full run: a closed lab tab launched the next test's package (Lab.noPages() now rules
    // that out), and the SCORM 2004 walk waited on a launch that never ran. With it fixed, two workers
    // passed the whole suite in 732 s against about 900 s in series. COURSEPACK_TEST_WORKERS=1 runs
    // them in series.
    maxWorkers: Number(process.env.COURSEPACK_TEST_WORKERS) || availableParallelism(),
    // A worker keeps its modules from one test file to the next: importing playwright-core and the
    // product's modules again for each of 74 files cost 80 s of the suite's summed time (10 s now).
    // No test relies on a fresh module: none mocks modules or stubs globals.
    isolate: false,
  },
})
