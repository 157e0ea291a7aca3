import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
/** ../shared beside the repository: specs, official schemas, third-party packages (CI provides it). */
export const sharedDir = join(repoRoot, '..', 'shared')
export const coursesDir = join(repoRoot, 'courses')
export const fixturesDir = join(repoRoot, 'test', 'fixtures')
export const cliPath = join(repoRoot, 'bin', 'coursepack.js')
