#!/usr/bin/env node
// Runs before `npm test` (pretest): installs what the suite needs on a fresh machine: the npm
// packages and Debian's Chromium for the browser tests. Plain Node, no dependencies, since it
// runs before any are installed.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('../..', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function fail(line) {
  process.stderr.write(line + '\n')
  process.exit(1)
}

// npm packages: install when the lockfile asks for a package that is not installed at its version.
// Compared by content, not file times: a fresh checkout (or git worktree) has a newer lockfile than
// node_modules without wanting anything else, and `npm ci` empties node_modules first.
const lock = join(root, 'package-lock.json')
const marker = join(root, 'node_modules', '.package-lock.json') // npm's record of what it installed

function installedAsLocked() {
  if (!existsSync(marker)) return false
  if (!existsSync(lock)) return true
  const wanted = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {}
  const installed = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {}
  // '' is the project itself; optional packages for other platforms are never installed.
  return Object.entries(wanted).every(([path, p]) => path === '' || (installed[path] ? installed[path].version === p.version : p.optional === true))
}

if (!installedAsLocked()) run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'])

// Chromium for the browser tests (playwright's own browser download cannot work here).
if (!existsSync(process.env.COURSEPACK_CHROMIUM ?? CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    fail('The browser tests need Chromium: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or set COURSEPACK_CHROMIUM to a Chromium binary, then run npm test again.')
  }
  process.stdout.write('Installing Debian\'s chromium for the browser tests…\n')
  run('apt-get', ['update', '-qq'])
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'])
}
