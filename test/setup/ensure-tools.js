#!/usr/bin/env node
// Runs before `npm test` (pretest): installs what the suite needs on a fresh machine: the npm
// packages, Debian's Chromium for the browser tests and poppler-utils (pdftoppm, pdftotext, pdfinfo) for the
// certificate's printout. Plain Node, no dependencies, since it
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

// Debian packages the tests run: Chromium (playwright's own browser download cannot work here), and
// poppler's pdftoppm/pdftotext/pdfinfo, which turn the certificate's PDF into a picture and text and count its pages.
const debianTools = [
  { path: process.env.COURSEPACK_CHROMIUM ?? CHROMIUM, pkg: 'chromium', why: 'the browser tests', hint: ', or set COURSEPACK_CHROMIUM to a Chromium binary' },
  { path: '/usr/bin/pdftoppm', pkg: 'poppler-utils', why: 'the certificate tests (pdftoppm)', hint: '' },
]
const missing = debianTools.filter((tool) => !existsSync(tool.path))
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    fail(missing.map((t) => `${t.why} need ${t.pkg}: install it with \`sudo apt-get install -y ${t.pkg}\` (Debian/Ubuntu)${t.hint}, then run npm test again.`).join('\n').replace(/^./, (c) => c.toUpperCase()))
  }
  process.stdout.write(`Installing Debian's ${missing.map((t) => t.pkg).join(' and ')} for the tests…\n`)
  run('apt-get', ['update', '-qq'])
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((t) => t.pkg)])
}
