#!/usr/bin/env node
// `npm run bench`: wall time, CPU time, peak memory and zip size of `coursepack build` for the example
// course, a generated catalogue (20 courses × 8 modules × 15 pages, every target, one core against
// all), a generated course of 2,000 pages and one with 500 MB of media, each beside `zip -r -q` of
// the same files timed in the same run. Figures go to stdout with the load average (the project
// machine is shared); BENCHMARKS.md records runs. Generated inputs live in the system temp folder.
//   BENCH_RUNS=1             runs per figure (median; default 5, 3 for the catalogue and each check)
//   BENCH_ONLY=pages,media   only these parts: example, catalogue, pages, media, check
//   BENCH_COURSES=4 BENCH_PAGES=500 BENCH_MEDIA_MB=50   smaller inputs for a quick look
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { median } from './median.js'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'bin', 'coursepack.js')
const work = join(tmpdir(), 'coursepack-bench')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const CATALOGUE_RUNS = Number(process.env.BENCH_RUNS ?? 3)
const MEDIA_MB = Number(process.env.BENCH_MEDIA_MB ?? 500)
const COURSES = Number(process.env.BENCH_COURSES ?? 20)
const PAGES = Number(process.env.BENCH_PAGES ?? 2000)
const ONLY = new Set((process.env.BENCH_ONLY ?? 'example,catalogue,pages,media,check').split(',').map((s) => s.trim()))

if (spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0) {
  console.error('The benchmark compares against `zip -r -q`: install it with `apt-get install -y zip` and run again.')
  process.exit(2)
}

if (spawnSync('/usr/bin/time', ['-f', '%e', 'true'], { stdio: 'ignore' }).status !== 0) {
  console.error('The benchmark measures CPU time and peak memory with GNU time: install it with `apt-get install -y time` and run again.')
  process.exit(2)
}

/**
 * Runs a command under GNU time: wall time in ms, CPU time (user + system, of the command and every
 * process it waited for, so a catalogue's child builds count) in ms, and the peak resident memory of
 * the largest of those processes in MiB.
 */
function timed(command, args, { cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const out = join(work, `time-${process.pid}.txt`)
    const started = process.hrtime.bigint()
    const child = spawn('/usr/bin/time', ['-o', out, '-f', '%U %S %M', command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))
      const [user, system, maxKiB] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
      resolve({ ms, cpuMs: (user + system) * 1000, peakMiB: maxKiB / 1024 })
    })
  })
}

const mib = (bytes) => bytes / 1024 / 1024
const zipsIn = (dir) => readdirSync(dir).filter((f) => f.endsWith('.zip')).map((f) => join(dir, f))
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')

/** `coursepack build ARGS --out OUT`, `runs` times into a fresh OUT: median wall and CPU, max peak memory, total zip size. */
async function benchBuild(args, outDir, runs = RUNS) {
  const walls = []
  const cpus = []
  const peaks = []
  for (let i = 0; i < runs; i++) {
    rmSync(outDir, { recursive: true, force: true })
    const r = await timed(process.execPath, [cli, 'build', ...args, '--out', outDir])
    walls.push(r.ms)
    cpus.push(r.cpuMs)
    peaks.push(r.peakMiB)
  }
  const zips = zipsIn(outDir)
  return { wallMs: median(walls), cpuMs: median(cpus), peakMiB: Math.max(...peaks), zipMiB: mib(zips.reduce((n, z) => n + statSync(z).size, 0)), zips }
}

// zip's own list of suffixes to store rather than deflate, matching ours: the like-for-like reference.
const STORED_SUFFIXES = '.jpg:.jpeg:.png:.gif:.webp:.mp4:.m4v:.webm:.mp3:.m4a:.ogg:.oga:.opus:.pdf:.zip:.woff:.woff2'

/**
 * The reference: `zip -r -q` of the files our packages hold, unpacked, one zip per package (run one
 * after another by a shell, as a script zipping a catalogue would), timed the same way.
 */
async function benchZip(packageZips, runs = RUNS) {
  const unpacked = join(work, 'unpacked')
  rmSync(unpacked, { recursive: true, force: true })
  const folders = packageZips.map((zip, i) => {
    const dir = join(unpacked, String(i))
    mkdirSync(dir, { recursive: true })
    spawnSync('unzip', ['-q', zip, '-d', dir], { stdio: 'inherit' })
    return dir
  })
  const out = join(work, 'reference')
  const run = async (extra) => {
    const walls = []
    const cpus = []
    const script = folders.map((dir, i) => `cd '${dir}' && zip -r -q ${extra} '${out}/${i}.zip' .`).join('\n')
    for (let i = 0; i < runs; i++) {
      rmSync(out, { recursive: true, force: true })
      mkdirSync(out)
      const r = await timed('sh', ['-c', script])
      walls.push(r.ms)
      cpus.push(r.cpuMs)
    }
    return { wallMs: median(walls), cpuMs: median(cpus), zipMiB: mib(zipsIn(out).reduce((n, z) => n + statSync(z).size, 0)) }
  }
  const plain = await run('')
  const storing = await run(`-n '${STORED_SUFFIXES}'`)
  rmSync(unpacked, { recursive: true, force: true })
  return { ...plain, storing }
}

const PARAGRAPH = 'Investigators corroborate testimony with financial, digital and documentary evidence. '.repeat(6)
const QUIZ = (id) => `\n\`\`\`quiz\nid: q${id}\ntype: single\nquestion: Which element of the definition concerns exploitation (${id})?\nchoices:\n  - text: The purpose\n    correct: true\n  - text: The act\n  - text: The means\n\`\`\`\n`

/**
 * A course of `modules` × `pages` Markdown pages, every third page with a question, in `dir`, made once
 * (a marker file names what it holds). `media(m)` may add a media file's Markdown to a module's first page.
 */
function generateCourse(dir, { id, modules, pages, sco = 'single', media }) {
  const marker = join(dir, `.generated-${modules}x${pages}${media ? `-${MEDIA_MB}mb` : ''}`)
  if (existsSync(marker)) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'modules'), { recursive: true })
  writeFileSync(join(dir, 'course.yaml'), `id: ${id}\ntitle: Benchmark course ${id}\nlanguage: en\nversion: 1.0.0\nscorm:\n  sco: ${sco}\n`)
  for (let m = 1; m <= modules; m++) {
    const mid = String(m).padStart(3, '0')
    let md = `---\ntitle: Module ${m}\nid: module-${mid}\n---\n`
    for (let p = 1; p <= pages; p++) {
      md += `\n# Page ${p} of module ${m}\n\nThe act, the means and the purpose are the three elements of the definition. ${PARAGRAPH}\n`
      if (p === 1 && media) md += media(m, mid)
      if (p % 3 === 0) md += QUIZ(`${mid}-${p}`)
    }
    writeFileSync(join(dir, 'modules', `${mid}-module-${mid}.md`), md)
  }
  writeFileSync(marker, '')
  return dir
}

/** MEDIA_MB of incompressible media over 200 files (as photos and video are), one per module. */
function mediaFor(dir) {
  const perFile = Math.floor((MEDIA_MB * 1024 * 1024) / 200)
  return (m, mid) => {
    mkdirSync(join(dir, 'media'), { recursive: true })
    const ext = m % 4 === 0 ? 'mp4' : 'jpg'
    const fd = openSync(join(dir, 'media', `file-${mid}.${ext}`), 'w')
    for (let left = perFile; left > 0; left -= 1 << 20) writeSync(fd, randomBytes(Math.min(left, 1 << 20)))
    closeSync(fd)
    return `\n![${ext === 'mp4' ? 'Video' : 'Diagram'} for module ${m}](../media/file-${mid}.${ext})\n`
  }
}

const rows = []
function report(name, ours, reference, note) {
  const loadNow = load()
  rows.push({ name, wallMs: ours.wallMs, cpuMs: ours.cpuMs, peakMiB: ours.peakMiB, zipMiB: ours.zipMiB, refMs: reference?.wallMs, refZipMiB: reference?.zipMiB, load: loadNow, note })
  const ratio = reference ? ` (${(ours.wallMs / reference.wallMs).toFixed(2)}× zip -r -q)` : ''
  console.log(`${name}   [load average ${loadNow}]`)
  console.log(`  coursepack build: ${ours.wallMs.toFixed(0)} ms wall${ratio}, ${ours.cpuMs.toFixed(0)} ms CPU, peak memory ${ours.peakMiB.toFixed(0)} MiB, zip ${ours.zipMiB.toFixed(2)} MiB`)
  if (reference) {
    console.log(`  zip -r -q (same files): ${reference.wallMs.toFixed(0)} ms wall, ${reference.cpuMs.toFixed(0)} ms CPU, zip ${reference.zipMiB.toFixed(2)} MiB`)
    const s = reference.storing
    console.log(`  zip -r -q -n <media suffixes> (same files, media stored as we do): ${s.wallMs.toFixed(0)} ms wall, zip ${s.zipMiB.toFixed(2)} MiB (${(ours.wallMs / s.wallMs).toFixed(2)}×)`)
  }
  if (note) console.log(`  ${note}`)
}

mkdirSync(work, { recursive: true })
console.log(`coursepack benchmark: median of ${RUNS} runs (catalogue ${CATALOGUE_RUNS}), wall time includes Node start; ${new Date().toISOString().slice(0, 10)}, node ${process.version}, load average at start ${load()}\n`)

if (ONLY.has('example')) {
  const out = join(work, 'out-example')
  const ex = await benchBuild([join(root, 'courses', 'prosecuting-trafficking'), '--target', 'scorm12'], out)
  report('Example course (prosecuting-trafficking, scorm12); target < 500 ms', ex, await benchZip(ex.zips))
}

if (ONLY.has('catalogue')) {
  console.log(`\n(generating the catalogue of ${COURSES} courses × 8 modules × 15 pages in ${join(work, 'catalogue')} if needed…)`)
  const courses = Array.from({ length: COURSES }, (_, i) => {
    const id = `bench-cat-${String(i + 1).padStart(2, '0')}`
    return generateCourse(join(work, 'catalogue', id), { id, modules: 8, pages: 15, sco: i % 2 ? 'per-module' : 'single' })
  })
  const out = join(work, 'out-catalogue')
  const one = await benchBuild([...courses, '--target', 'all', '--jobs', '1'], out, CATALOGUE_RUNS)
  report(`Catalogue, one core (${COURSES} courses × 8 modules × 15 pages, --target all, --jobs 1)`, one)
  const all = await benchBuild([...courses, '--target', 'all'], out, CATALOGUE_RUNS)
  const bound = (1.6 * one.wallMs) / 2
  report(`Catalogue, all cores (default --jobs): target ≤ 1.6 × (one core / 2) = ${bound.toFixed(0)} ms`, all, await benchZip(all.zips, CATALOGUE_RUNS),
    `${all.wallMs <= bound ? 'within' : 'OVER'} the target: ${(all.wallMs / (one.wallMs / 2)).toFixed(2)} × (one core / 2)`)
}

if (ONLY.has('pages')) {
  const modules = Math.max(1, Math.round(PAGES / 50))
  console.log(`\n(generating the ${modules * 50}-page course in ${join(work, 'pages-course')} if needed…)`)
  const dir = generateCourse(join(work, 'pages-course'), { id: 'bench-pages', modules, pages: 50 })
  const r = await benchBuild([dir, '--target', 'scorm12'], join(work, 'out-pages'))
  report(`Generated course (${modules} modules × 50 pages = ${modules * 50} pages, a question every third page, scorm12); target < 3 s, < 300 MiB`, r, await benchZip(r.zips))
}

if (ONLY.has('media')) {
  const dir = join(work, 'large-course')
  console.log(`\n(generating the ${MEDIA_MB} MB course in ${dir} if needed…)`)
  generateCourse(dir, { id: 'bench-large', modules: 200, pages: 10, sco: 'per-module', media: mediaFor(dir) })
  const r = await benchBuild([dir, '--target', 'scorm12'], join(work, 'out-large'))
  report(`Generated course (200 modules × 10 pages, ${MEDIA_MB} MB media, scorm12); targets ≤ 1.2× zip -r -q, < 300 MiB`, r, await benchZip(r.zips))
}

if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 2))
if (ONLY.has('check')) await import('./check-speed.js') // check's pages per second beside a bare walk (BENCH_CHECK_COURSES, BENCH_CHECK_TARGETS)
