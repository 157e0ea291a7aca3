#!/usr/bin/env node
// `npm run bench`: build wall time, peak memory and zip size for the example course and for a
// generated course of 200 modules × 10 pages with 500 MB of media, each beside `zip -r -q` of the
// same files timed in the same run. Figures go to stdout; BENCHMARKS.md records a run.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = join(root, 'bin', 'coursepack.js')
const work = join(tmpdir(), 'coursepack-bench')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const MEDIA_MB = Number(process.env.BENCH_MEDIA_MB ?? 500)

if (spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0) {
  console.error('The benchmark compares against `zip -r -q`: install it with `apt-get install -y zip` and run again.')
  process.exit(2)
}

/** Runs a command; resolves wall time in ms and, for Node, its peak RSS in MiB. */
function timed(command, args, { cwd = root, node = false } = {}) {
  return new Promise((resolve, reject) => {
    const finalArgs = node ? ['--import', join(root, 'test/bench/peak-rss.js'), ...args] : args
    const started = process.hrtime.bigint()
    const child = spawn(node ? process.execPath : command, finalArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
    let rss = ''
    let stderr = ''
    child.stdio[3].on('data', (d) => { rss += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))
      resolve({ ms, peakMiB: rss ? Number(rss.trim()) / 1024 : undefined })
    })
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mib = (bytes) => bytes / 1024 / 1024

/** Our build, RUNS times: median wall, max peak memory, zip size. */
async function benchBuild(courseDir, outDir, target, zipName) {
  const walls = []
  const peaks = []
  for (let i = 0; i < RUNS; i++) {
    rmSync(outDir, { recursive: true, force: true })
    const r = await timed('node', [cli, 'build', courseDir, '--target', target, '--out', outDir], { node: true })
    walls.push(r.ms)
    peaks.push(r.peakMiB)
  }
  return { wallMs: median(walls), peakMiB: Math.max(...peaks), zipMiB: mib(statSync(join(outDir, zipName)).size) }
}

/** The reference: `zip -r -q` of the files our package holds, unpacked, timed the same way. */
// zip's own list of suffixes to store rather than deflate, matching ours: the like-for-like reference.
const STORED_SUFFIXES = '.jpg:.jpeg:.png:.gif:.webp:.mp4:.m4v:.webm:.mp3:.m4a:.ogg:.oga:.opus:.pdf:.zip:.woff:.woff2'

async function benchZip(packageZip) {
  const unpacked = join(work, 'unpacked')
  rmSync(unpacked, { recursive: true, force: true })
  mkdirSync(unpacked, { recursive: true })
  spawnSync('unzip', ['-q', packageZip, '-d', unpacked], { stdio: 'inherit' })
  const out = join(work, 'reference.zip')
  const run = async (extra) => {
    const walls = []
    for (let i = 0; i < RUNS; i++) {
      rmSync(out, { force: true })
      walls.push((await timed('zip', ['-r', '-q', ...extra, out, '.'], { cwd: unpacked })).ms)
    }
    return { wallMs: median(walls), zipMiB: mib(statSync(out).size) }
  }
  const plain = await run([])
  const storing = await run(['-n', STORED_SUFFIXES])
  return { ...plain, storing }
}

/** 200 modules × 10 pages, each module with a quiz, and MEDIA_MB of incompressible media (as photos and video are). */
function generateLargeCourse(dir) {
  const marker = join(dir, `.generated-${MEDIA_MB}`)
  if (existsSync(marker)) return
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'modules'), { recursive: true })
  mkdirSync(join(dir, 'media'), { recursive: true })
  writeFileSync(join(dir, 'course.yaml'), 'id: bench-large\ntitle: Benchmark course\nlanguage: en\nversion: 1.0.0\nscorm:\n  sco: per-module\n')
  const mediaFiles = 200
  const perFile = Math.floor((MEDIA_MB * 1024 * 1024) / mediaFiles)
  for (let m = 1; m <= 200; m++) {
    const id = String(m).padStart(3, '0')
    const ext = m % 4 === 0 ? 'mp4' : 'jpg'
    const fd = openSync(join(dir, 'media', `file-${id}.${ext}`), 'w')
    for (let left = perFile; left > 0; left -= 1 << 20) writeSync(fd, randomBytes(Math.min(left, 1 << 20)))
    closeSync(fd)
    let md = `---\ntitle: Module ${m}\n---\n`
    for (let p = 1; p <= 10; p++) {
      md += `\n# Page ${p} of module ${m}\n\nThe act, the means and the purpose are the three elements of the definition. `.repeat(1)
      md += 'Investigators corroborate testimony with financial, digital and documentary evidence. '.repeat(6) + '\n'
      if (p === 1) md += ext === 'mp4' ? `\n![Video for module ${m}](../media/file-${id}.mp4)\n` : `\n![Diagram for module ${m}](../media/file-${id}.jpg)\n`
      if (p === 10) md += '\n```quiz\ntype: single\nquestion: Which element concerns exploitation?\nchoices:\n  - text: The purpose\n    correct: true\n  - text: The act\n```\n'
    }
    writeFileSync(join(dir, 'modules', `${id}-module-${id}.md`), md)
  }
  writeFileSync(marker, '')
}

const rows = []
function report(name, ours, reference, note) {
  rows.push({ name, ...ours, refMs: reference?.wallMs, refZipMiB: reference?.zipMiB, note })
  const ratio = reference ? ` (${(ours.wallMs / reference.wallMs).toFixed(2)}× zip -r -q)` : ''
  console.log(`${name}`)
  console.log(`  coursepack build: ${ours.wallMs.toFixed(0)} ms wall${ratio}, peak memory ${ours.peakMiB.toFixed(0)} MiB, zip ${ours.zipMiB.toFixed(2)} MiB`)
  if (reference) {
    console.log(`  zip -r -q (same files): ${reference.wallMs.toFixed(0)} ms wall, zip ${reference.zipMiB.toFixed(2)} MiB`)
    const s = reference.storing
    console.log(`  zip -r -q -n <media suffixes> (same files, media stored as we do): ${s.wallMs.toFixed(0)} ms wall, zip ${s.zipMiB.toFixed(2)} MiB (${(ours.wallMs / s.wallMs).toFixed(2)}×)`)
  }
  if (note) console.log(`  ${note}`)
}

mkdirSync(work, { recursive: true })
console.log(`coursepack benchmark: median of ${RUNS} runs, wall time includes Node start; ${new Date().toISOString().slice(0, 10)}, node ${process.version}\n`)

const example = join(root, 'courses', 'prosecuting-trafficking')
const exampleOut = join(work, 'out-example')
const exampleZip = 'prosecuting-trafficking-1.0.0-scorm12.zip'
const ex = await benchBuild(example, exampleOut, 'scorm12', exampleZip)
report('Example course (prosecuting-trafficking, scorm12); target < 500 ms', ex, await benchZip(join(exampleOut, exampleZip)))

const large = join(work, 'large-course')
console.log(`\n(generating the ${MEDIA_MB} MB course in ${large} if needed…)`)
generateLargeCourse(large)
const largeOut = join(work, 'out-large')
const lg = await benchBuild(large, largeOut, 'scorm12', 'bench-large-1.0.0-scorm12.zip')
report(`Generated course (200 modules × 10 pages, ${MEDIA_MB} MB media, scorm12); targets ≤ 1.2× zip -r -q, < 300 MiB`, lg, await benchZip(join(largeOut, 'bench-large-1.0.0-scorm12.zip')))

if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 2))
await import('./check-speed.js') // check's pages per second beside a bare walk (BENCH_CHECK_COURSES, BENCH_CHECK_TARGETS)
