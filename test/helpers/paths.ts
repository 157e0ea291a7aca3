import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
/** ../shared beside the repository: specs, official schemas, third-party packages (CI provides it). */
export const sharedDir = join(repoRoot, '..', 'shared')
export const coursesDir = join(repoRoot, 'courses')
export const fixturesDir = join(repoRoot, 'test', 'fixtures')
export const cliPath = join(repoRoot, 'bin', 'coursepack.js')

/**
 * A file or folder of ../shared, which must be there: a test that needs it fails saying so,
 * rather than skipping and passing in silence on a machine without it.
 */
export function sharedFile(path: string): string {
  const full = join(sharedDir, path)
  if (!existsSync(full)) throw new Error(`${full} is missing: the tests need ../shared beside the repository (see README, "For developers")`)
  return full
}
