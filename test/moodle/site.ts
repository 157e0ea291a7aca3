// A real Moodle for the suite, from ../shared/moodle alone: apt packages, the unpacked tree, a site,
// the web server. Every step is skipped when already done, a running site is reused, and the first
// fresh install is kept (database dump + moodledata + config.php, keyed by the tarball's checksum) so
// that later runs restore it in seconds instead of installing for minutes.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDir } from '../helpers/paths.js'

export const MOODLE_SH = join(sharedDir, 'moodle', 'moodle.sh')
const TARBALL = join(sharedDir, 'moodle', 'moodle-5.1.tar.xz')
export const ROOT = process.env.MOODLE_ROOT ?? '/opt/moodle'
const DATA = process.env.MOODLE_DATA ?? '/var/moodledata'
const DB = process.env.MOODLE_DB ?? 'moodle'
export const URL_BASE = `http://127.0.0.1:${process.env.MOODLE_PORT ?? '8080'}`
export const CACHE_ROOT = process.env.COURSEPACK_MOODLE_CACHE ?? '/var/cache/coursepack-moodle'
const PHP_INI = '/etc/php/8.2/cli/conf.d/99-moodle.ini' // written by `moodle.sh deps`
const UNPACKED_MARK = join(ROOT, '.coursepack-tarball') // the checksum of the tarball the tree came from
const log = (m: string) => process.stderr.write(`moodle: ${m}\n`)

/** Whether this machine can run the suite at all: moodle.sh needs root, and the tarball must be there. */
export function moodleAvailable(): boolean {
  return existsSync(MOODLE_SH) && existsSync(TARBALL) && process.getuid?.() === 0
}

function sh(cmd: string, args: string[], quiet = true): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], maxBuffer: 64 << 20 })
}
const moodleSh = (...args: string[]) => sh('sh', [MOODLE_SH, ...args], false)
const asPostgres = (command: string) => sh('su', ['postgres', '-c', command])
const has = (command: string) => { try { sh('sh', ['-c', `command -v ${command}`]); return true } catch { return false } }

async function checksum(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex').slice(0, 16)
}

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(`${URL_BASE}/login/index.php`, { redirect: 'manual' })
    return res.status === 200
  } catch {
    return false
  }
}

function databaseExists(): boolean {
  try {
    sh('pg_ctlcluster', ['15', 'main', 'start'])
  } catch { /* already running */ }
  return asPostgres(`psql -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'"`).trim() === '1'
}

/** Makes sure a Moodle answers on URL_BASE; returns what it did, for the log. */
export async function ensureMoodle(): Promise<string> {
  if (await answers()) return 'reused the running site'
  if (!has('php') || !has('pg_ctlcluster') || !existsSync(PHP_INI)) { log('installing apt packages (moodle.sh deps)'); moodleSh('deps') }
  if (!existsSync('/usr/bin/chromium')) {
    log('installing chromium')
    sh('apt-get', ['update'], false)
    sh('apt-get', ['install', '-y', 'chromium'], false)
  }
  const key = await checksum(TARBALL)
  const cache = join(CACHE_ROOT, key)
  let did: string
  if (!existsSync(UNPACKED_MARK) || readFileSync(UNPACKED_MARK, 'utf8').trim() !== key) {
    log(`unpacking into ${ROOT}`)
    moodleSh('unpack')
    writeFileSync(UNPACKED_MARK, key)
  }
  if (existsSync(join(ROOT, 'config.php')) && databaseExists()) {
    did = 'started the installed site'
  } else if (existsSync(join(cache, 'moodle.dump'))) {
    log(`restoring the site from ${cache}`)
    restore(cache)
    did = `restored the site from ${cache}`
  } else {
    log('installing a fresh site (a few minutes, once per machine)')
    moodleSh('install')
    save(cache)
    did = `installed a fresh site and kept it in ${cache}`
  }
  moodleSh('start')
  await warmUp()
  return did
}

/** The first request after a start or a cache purge builds the theme's CSS and JS: do it once here, not inside a test's timeout. */
async function warmUp(): Promise<void> {
  const html = await (await fetch(`${URL_BASE}/login/index.php`)).text()
  const assets = [...html.matchAll(/(?:href|src)="([^"]+\/(?:styles|javascript|requirejs|yui_combo)\.php[^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))
  for (const url of new Set(assets)) await fetch(url).then((r) => r.arrayBuffer()).catch(() => undefined)
}

function save(cache: string): void {
  mkdirSync(cache, { recursive: true })
  sh('sh', ['-c', `su postgres -c "pg_dump -Fc ${DB}" > '${cache}/moodle.dump.part' && mv '${cache}/moodle.dump.part' '${cache}/moodle.dump'`])
  sh('tar', ['-cf', join(cache, 'moodledata.tar'), '-C', DATA, '.'])
  sh('cp', [join(ROOT, 'config.php'), join(cache, 'config.php')])
}

function restore(cache: string): void {
  databaseExists() // starts the cluster
  if (asPostgres(`psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='moodle'"`).trim() !== '1') {
    asPostgres(`psql -qc "CREATE USER moodle WITH PASSWORD 'moodle'"`)
  }
  asPostgres(`dropdb --if-exists ${DB}`)
  asPostgres(`createdb -E UTF8 -O moodle ${DB}`)
  sh('sh', ['-c', `su postgres -c "pg_restore --no-owner --role=moodle -d ${DB}" < '${cache}/moodle.dump'`])
  sh('rm', ['-rf', DATA])
  mkdirSync(DATA, { recursive: true })
  sh('tar', ['-xf', join(cache, 'moodledata.tar'), '-C', DATA])
  sh('chmod', ['-R', 'a+rwX', DATA])
  sh('cp', [join(cache, 'config.php'), join(ROOT, 'config.php')])
}

/** Runs one of the suite's PHP scripts inside the site (`moodle.sh php`) and returns its JSON answer. */
export function php<T>(script: string, ...args: string[]): T {
  const out = sh('sh', [MOODLE_SH, 'php', script, ...args])
  const at = out.lastIndexOf('@@JSON@@')
  if (at < 0) throw new Error(`moodle.sh php ${script} printed no answer:\n${out.slice(-2000)}`)
  return JSON.parse(out.slice(at + 8)) as T
}
