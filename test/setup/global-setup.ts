import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Tests run against the same bundles a user gets: build the CLI and player bundles once per run.
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync(process.execPath, ['bin/build-tool.js'], { cwd: root, stdio: 'inherit' })
}
