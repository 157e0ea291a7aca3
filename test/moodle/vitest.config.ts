import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

// `npm run test:moodle`: the end-to-end suite against a real Moodle 5.1 (root only; see README
// "For developers"). Apart from `npm test`, which excludes test/moodle.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/moodle/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts', 'test/moodle/global-setup.ts'],
    testTimeout: 900_000, // a case is several full walks through Moodle pages; a loaded machine makes each slow
    hookTimeout: 120_000,
    // One file per example course; Moodle's PHP server and Chromium share two cores.
    maxWorkers: 2,
  },
})
