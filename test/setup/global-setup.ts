import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildCourse } from '../../src/build.js'
import { targetNames } from '../../src/targets/index.js'
import { EXAMPLES, type ExamplePackages } from '../helpers/examples.js'
import { coursesDir, repoRoot } from '../helpers/paths.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The example courses built once for every target (test/helpers/examples.ts). */
    examplePackages: ExamplePackages
  }
}

// Done once per run rather than once per test file: the CLI and player bundles the tests use (as a
// user gets them), and the example courses built for every target.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // COURSEPACK_SKIP_TOOL_BUILD=1 skips rebuilding the bundles for quick runs while developing.
  if (process.env.COURSEPACK_SKIP_TOOL_BUILD !== '1') {
    execFileSync(process.execPath, ['bin/build-tool.js'], { cwd: repoRoot, stdio: 'inherit' })
  }
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-examples-'))
  const teardown = () => rm(outDir, { recursive: true, force: true })
  const built = await Promise.all(EXAMPLES.map((name) => buildCourse(join(coursesDir, name), { targets: targetNames, outDir })))
  const packages = {} as ExamplePackages
  for (const [i, name] of EXAMPLES.entries()) {
    const { diagnostics, outputs } = built[i]
    if (outputs.length !== targetNames.length) {
      await teardown()
      throw new Error(`the example course ${name} did not build: ${JSON.stringify(diagnostics.filter((d) => d.severity === 'error'))}`)
    }
    packages[name] = Object.fromEntries(outputs.map((o) => [o.target, o.path])) as ExamplePackages[typeof name]
  }
  project.provide('examplePackages', packages)
  return teardown
}
