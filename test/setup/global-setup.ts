import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Tests run against the same bundles a user gets: build the CLI and player bundles once per run.
// COURSEPACK_SKIP_TOOL_BUILD=1 skips it for quick unit-test runs while developing.
export default function setup(): void {
  if (process.env.COURSEPACK_SKIP_TOOL_BUILD === '1') return
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync(process.execPath, ['bin/build-tool.js'], { cwd: root, stdio: 'inherit' })
}
