import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { buildCourse } from '../../src/build.js'
import { targetNames } from '../../src/targets/index.js'
import { BROWSER_OPTIONS, CHROMIUM } from '../helpers/browser.js'
import { EXAMPLES, type ExamplePackages } from '../helpers/examples.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's one Chromium listens (test/helpers/browser.ts connects to it), or why it did not start. */
    browser: { endpoint: string } | { error: string }
    /** The example courses built once for every target (test/helpers/examples.ts). */
    examplePackages: ExamplePackages
  }
}

// Done once per run rather than once per test file: the CLI and player bundles the tests use (as a
// user gets them), the example courses built for every target, and one Chromium for all browser tests.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // COURSEPACK_SKIP_TOOL_BUILD=1 skips rebuilding the bundles for quick runs while developing.
  if (process.env.COURSEPACK_SKIP_TOOL_BUILD !== '1') {
    execFileSync(process.execPath, ['bin/build-tool.js'], { cwd: repoRoot, stdio: 'inherit' })
  }
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-examples-'))
  const [server, ...built] = await Promise.all([
    // Only the browser tests need it: without a browser, the others still run.
    chromium.launchServer(BROWSER_OPTIONS).catch((error: Error) => error),
    ...EXAMPLES.map((name) => buildCourse(join(coursesDir, name), { targets: targetNames, outDir })),
  ])
  const teardown = async () => {
    if (!(server instanceof Error)) await server.close()
    await rm(outDir, { recursive: true, force: true })
  }
  const packages = {} as ExamplePackages
  for (const [i, name] of EXAMPLES.entries()) {
    const { diagnostics, outputs } = built[i]
    if (outputs.length !== targetNames.length) {
      await teardown()
      throw new Error(`the example course ${name} did not build: ${JSON.stringify(diagnostics.filter((d) => d.severity === 'error'))}`)
    }
    packages[name] = Object.fromEntries(outputs.map((o) => [o.target, o.path])) as ExamplePackages[typeof name]
  }
  project.provide('browser', server instanceof Error
    ? { error: `Chromium did not start (${CHROMIUM}; set COURSEPACK_CHROMIUM to another): ${server.message.split('\n')[0]}` }
    : { endpoint: server.wsEndpoint() })
  project.provide('examplePackages', packages)
  return teardown
}
