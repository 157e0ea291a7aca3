// `npm run bench`, check's part: pages per second of `coursepack check` (its three scenarios, each
// page a learner's walk in the lab) on each example course and target, then on every target's zip in
// one command as CI runs it (one browser for all), beside a reference measured in
// the same run on the same machine: the player's own time for a walk through the same course, in the
// same Chromium — the offline web package opened from disk, no lab, no questions answered, one script
// in the page pressing Next and waiting for the next heading. What check does beyond that (the lab
// page, the SCORM/xAPI traffic, answering questions, three scenarios, the browser's start) is the gap.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median } from './median.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'bin', 'coursepack.js')
const work = join(tmpdir(), 'coursepack-bench-check')
const COURSES = (process.env.BENCH_CHECK_COURSES ?? 'trata-consulados,prosecuting-trafficking').split(',')
const TARGETS = (process.env.BENCH_CHECK_TARGETS ?? 'scorm12,scorm2004,xapi,cmi5,web').split(',')
const CHROMIUM = process.env.COURSEPACK_CHROMIUM ?? '/usr/bin/chromium'
// Each check runs this many times, and the median counts.
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

function run(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COURSEPACK_CHROMIUM: CHROMIUM } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += d })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out, err, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
  })
}

/**
 * `coursepack check ZIP... --json`, RUNS times: pages the scenarios visited; the medians of the command's
 * wall time (browser start included, once for all the zips) and of the scenarios' time.
 */
async function benchCheck(zips) {
  const runs = []
  for (let i = 0; i < RUNS; i++) {
    const r = await run(['check', ...zips, '--json'])
    if (r.code !== 0) throw new Error(`coursepack check ${zips.join(' ')} exited ${r.code}: ${r.err || r.out.slice(0, 400)}`)
    // One zip prints its report; several print an array of them.
    const scenarios = [JSON.parse(r.out)].flat().flatMap((report) => report.scenarios)
    runs.push({
      pages: scenarios.reduce((n, s) => n + s.pagesVisited.length, 0),
      scenarios: scenarios.length,
      wallMs: r.ms,
      scenariosMs: scenarios.reduce((n, s) => n + s.durationMs, 0),
    })
  }
  return { pages: runs[0].pages, scenarios: runs[0].scenarios, wallMs: median(runs.map((r) => r.wallMs)), scenariosMs: median(runs.map((r) => r.scenariosMs)) }
}

/** check's own Chromium flags (src/check/browser.ts), so that the reference runs in the same browser as check. */
async function checkChromiumArgs() {
  const { transform } = await import('esbuild')
  const { code } = await transform(readFileSync(join(root, 'src', 'check', 'browser.ts'), 'utf8'), { loader: 'ts', format: 'esm' })
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)).CHROMIUM_ARGS
}

/** The reference walk: the web package from disk, Start, then Next until the results page; pages per second of the walk alone. */
async function benchReference(webZip) {
  const dir = join(work, 'reference')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  spawnSync('unzip', ['-q', webZip, '-d', dir], { stdio: 'inherit' })
  const locale = (file) => JSON.parse(readFileSync(join(root, 'templates', 'locales', file), 'utf8'))
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...(await checkChromiumArgs())] })
  try {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    // The course's language decides the buttons' names; its locale file has them.
    const lang = await page.evaluate(() => document.documentElement.lang || 'en')
    const names = { ...locale('en.json'), ...(readdirSync(join(root, 'templates', 'locales')).includes(`${lang}.json`) ? locale(`${lang}.json`) : {}) }
    // The whole walk in one call inside the page: only the player's own work is timed.
    const started = Date.now()
    const pages = await page.evaluate(async ({ start, next, results }) => {
      const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name)
      const heading = () => document.querySelector('h1')?.textContent.trim()
      const changed = (before) => new Promise((resolve) => {
        const test = () => { if (heading() !== before) { observer.disconnect(); resolve() } }
        const observer = new MutationObserver(test)
        observer.observe(document.body, { subtree: true, childList: true, characterData: true })
        test()
      })
      let before = heading()
      button(start).click()
      await changed(before)
      let walked = 0
      while (heading() !== results) {
        walked++
        before = heading()
        button(next).click()
        await changed(before)
      }
      return walked
    }, { start: names.start, next: names.next, results: names.results })
    return { pages, ms: Date.now() - started }
  } finally {
    await browser.close()
  }
}

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
console.log(`\ncoursepack check: pages per second (three scenarios; wall time of the command, browser start included; median of ${RUNS} runs), ${new Date().toISOString().slice(0, 16)}Z, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`)
for (const course of COURSES) {
  const out = join(work, course)
  const built = await run(['build', join(root, 'courses', course), '--target', 'all', '--out', out])
  if (built.code !== 0) throw new Error(`coursepack build ${course} exited ${built.code}: ${built.err}`)
  const zipOf = (target) => join(out, readdirSync(out).find((f) => f.endsWith(`-${target}.zip`)))
  const ref = await benchReference(zipOf('web'))
  const refRate = ref.pages / (ref.ms / 1000)
  console.log(`${course}: reference walk (web package from disk, Next pressed in the page, no lab): ${ref.pages} pages in ${(ref.ms / 1000).toFixed(1)} s = ${refRate.toFixed(1)} pages/s`)
  const line = (label, r) => {
    const rate = r.pages / (r.wallMs / 1000)
    console.log(`  check ${label.padEnd(9)} ${String(r.pages).padStart(3)} pages, ${r.scenarios} scenarios in ${(r.wallMs / 1000).toFixed(1)} s = ${rate.toFixed(1)} pages/s (${(rate / refRate).toFixed(2)}× the reference; scenarios alone ${(r.pages / (r.scenariosMs / 1000)).toFixed(1)} pages/s); target ≥ 20 pages/s`)
  }
  for (const target of TARGETS) line(target, await benchCheck([zipOf(target)]))
  // As CI runs it (`coursepack check dist/*.zip`): one command, one browser for every zip.
  if (TARGETS.length > 1) line('all zips', await benchCheck(TARGETS.map(zipOf)))
}
