import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The tool runs bundled (lib/cli.js) and, in tests, from src/: find its root from either place.
function findToolRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`coursepack's templates/ folder was not found above ${start}`)
  }
}

export const toolRoot = findToolRoot(dirname(fileURLToPath(import.meta.url)))
export const templatesDir = join(toolRoot, 'templates')
export const playerBundleDir = join(toolRoot, 'lib', 'player')
