import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { toolRoot } from '../paths.js'
import { buildCourse, PackageWriteError, type BuildResult } from '../build.js'
import { removeTemporaryZips } from '../package/zip.js'
import { onExitSignals, SIGNAL_EXITS } from '../signals.js'
import type { TargetName } from '../targets/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { countBySeverity, courseFolder, describeSystemError, diagnosticsJson, displayDir, plural, printDiagnostics, systemReason } from './report.js'

export interface BuildCommandOptions {
  targets: TargetName[]
  out: string
  json?: boolean
  jobs?: number
  /** Internal: this process is a catalogue build's worker (course folders on stdin). */
  catalogueWorker?: boolean
}

/** The zip's SHA-256, for CI to pin what it publishes. */
async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Runs `work`; Ctrl-C or SIGTERM meanwhile removes the build's temporary zips, then exits 130 or 143. */
async function removingTemporaryZipsOnSignal<T>(io: Io, work: () => Promise<T>): Promise<T> {
  const off = onExitSignals((signal) => {
    removeTemporaryZips()
    io.err(`Build interrupted by ${signal}: its temporary files were removed; packages already in place stay as they are.\n`)
    process.exit(SIGNAL_EXITS[signal])
  })
  try {
    return await work()
  } finally {
    off()
  }
}

/** One course in-process; several as a catalogue, in one worker process per core. */
export async function buildCommand(dirs: string | string[], options: BuildCommandOptions, io: Io): Promise<number> {
  if (options.catalogueWorker) return catalogueWorker(options, io)
  const list = typeof dirs === 'string' ? [dirs] : dirs
  return list.length === 1 ? buildOne(list[0]!, options, io) : buildCatalogue(list, options, io)
}

async function buildOne(dir: string, options: BuildCommandOptions, io: Io): Promise<number> {
  const json = (report: object) => io.out(JSON.stringify(report, null, 2) + '\n')
  const folder = await courseFolder(dir, io.cwd)
  if ('error' in folder) {
    if (options.json) json({ ok: false, error: folder.error, outputs: [] })
    io.err(folder.error + '\n')
    return EXIT_USAGE
  }
  const base = folder.shown
  const outDir = resolve(io.cwd, options.out)
  const shownPath = (p: string) => displayDir(p, io.cwd)
  const outputJson = async (outputs: BuildResult['outputs']) =>
    Promise.all(outputs.map(async (o) => ({ target: o.target, file: shownPath(o.path), bytes: o.bytes, entries: o.entries, sha256: await sha256(o.path) })))
  let result
  try {
    result = await removingTemporaryZipsOnSignal(io, () => buildCourse(folder.dir, { targets: options.targets, outDir }))
  } catch (error) {
    if (!(error instanceof PackageWriteError)) throw error
    // A failure on the zip itself (its temporary name, its folder) needs only the reason; one on a file it reads, its path too.
    const causePath = (error.cause as NodeJS.ErrnoException | undefined)?.path
    const onZip = causePath === undefined || causePath === error.path || basename(causePath).startsWith(`.${basename(error.path)}.tmp-`)
    const reason = (onZip ? systemReason(error.cause) : describeSystemError(error.cause, io.cwd))
      ?? (error.cause instanceof Error ? error.cause.message : String(error.cause))
    const message = `cannot write ${shownPath(error.path)}: ${reason}`
    const written = error.written.map((o) => shownPath(o.path))
    if (options.json) json({ ok: false, error: message, outputs: await outputJson(error.written) })
    else if (written.length === 0) io.err(`Build failed: ${message}. No package was written; any earlier package is unchanged.\n`)
    else io.err(`Build failed: ${message}. Written before the failure: ${written.join(', ')}; no other package was changed.\n`)
    return EXIT_COURSE_ERRORS
  }
  const { errors, warnings } = countBySeverity(result.diagnostics)
  if (options.json) {
    json({
      ok: errors === 0,
      course: result.course && { id: result.course.id, version: result.course.version, title: result.course.title },
      outputs: await outputJson(result.outputs),
      diagnostics: diagnosticsJson(result.diagnostics, base),
    })
    return errors > 0 ? EXIT_COURSE_ERRORS : EXIT_OK
  }
  printDiagnostics(result.diagnostics, base, io)
  if (errors > 0 || !result.course) {
    io.err(`Build failed: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}. Nothing was written; any earlier package is unchanged.\n`)
    return EXIT_COURSE_ERRORS
  }
  const c = result.course
  const pages = c.modules.reduce((n, m) => n + m.pages.length, 0)
  const questions = c.modules.reduce((n, m) => n + m.pages.reduce((k, p) => k + p.blocks.filter((b) => b.type === 'question').length, 0), 0)
  io.out(`Built ${c.id} ${c.version}: ${plural(c.modules.length, 'module')}, ${plural(pages, 'page')}, ${plural(questions, 'question')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`)
  const width = Math.max(...result.outputs.map((o) => o.target.length))
  for (const o of result.outputs) {
    io.out(`  ${o.target.padEnd(width)}  ${shownPath(o.path)}  (${formatBytes(o.bytes)}, ${plural(o.entries, 'file')})\n`)
  }
  return EXIT_OK
}

// ---- catalogues: `coursepack build courses/*` ------------------------------------------------------

interface CourseBuild {
  dir: string
  code: number
  /** What the child printed with --json: the same report as a one-course build. */
  report?: { ok: boolean; error?: string; course?: { id: string; version: string; title: string }; outputs: { target: string; file: string; bytes: number; entries: number; sha256: string }[]; diagnostics?: { text: string; severity: string }[] }
  seconds: number
  stderr: string
}

/**
 * The child process of a catalogue build (`build --catalogue-worker -`): reads course folders from
 * stdin, one JSON string a line (a folder's name may hold a newline), builds each in-process as
 * `build DIR --json` does, and answers one JSON line per course on stdout. One Node start per worker
 * rather than per course: loading the CLI is most of a small course's build (see BENCHMARKS.md).
 */
async function catalogueWorker(options: BuildCommandOptions, io: Io): Promise<number> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line) continue
    const dir = JSON.parse(line) as string
    let out = ''
    let err = ''
    let code: number
    try {
      code = await buildOne(dir, { ...options, json: true }, { ...io, isTTY: false, out: (t) => { out += t }, err: (t) => { err += t } })
    } catch (error) {
      // A fault of ours on this course: it fails with the trace, the worker goes on with the next.
      code = EXIT_COURSE_ERRORS
      err += error instanceof Error ? error.stack ?? error.message : String(error)
    }
    io.out(JSON.stringify({ dir, code, out, stderr: err }) + '\n')
  }
  return EXIT_OK
}

/**
 * Builds `dirs` with `jobs` worker processes, each handed the next course when it finishes one. Each
 * course keeps its all-or-nothing staging; a worker that dies fails only the course it was on, and a
 * new one takes the rest. Results in the folders' order.
 */
function buildWithWorkers(dirs: readonly string[], jobs: number, options: BuildCommandOptions, io: Io, events: { start: (dir: string) => void; done: (r: CourseBuild) => void }): Promise<CourseBuild[]> {
  const results = new Array<CourseBuild>(dirs.length)
  const args = [join(toolRoot, 'bin', 'coursepack.js'), 'build', '--catalogue-worker', '-', '--out', resolve(io.cwd, options.out), '--target', options.targets.join(',')]
  let next = 0
  const worker = (): Promise<void> => new Promise((finished) => {
    const child = spawn(process.execPath, args, { cwd: io.cwd, env: io.env, stdio: ['pipe', 'pipe', 'pipe'] })
    let current: { i: number; started: number } | undefined
    let stdout = ''
    let stderr = ''
    const record = (r: Omit<CourseBuild, 'dir' | 'seconds'>) => {
      const { i, started } = current!
      results[i] = { dir: dirs[i]!, seconds: (Date.now() - started) / 1000, ...r }
      current = undefined
      events.done(results[i]!)
    }
    const handOut = () => {
      if (next >= dirs.length) { child.stdin.end(); return }
      current = { i: next++, started: Date.now() }
      events.start(dirs[current.i]!)
      child.stdin.write(JSON.stringify(dirs[current.i]) + '\n')
    }
    child.stdin.on('error', () => undefined) // a worker that died: its 'close' says so
    child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t })
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t
      for (let nl = stdout.indexOf('\n'); nl >= 0 && current; nl = stdout.indexOf('\n')) {
        const line = stdout.slice(0, nl)
        stdout = stdout.slice(nl + 1)
        let answer: { code?: unknown; out?: unknown; stderr?: unknown } = {}
        try { answer = JSON.parse(line) as typeof answer } catch { /* not an answer: the course fails below */ }
        let report: CourseBuild['report']
        try { report = JSON.parse(String(answer.out)) as CourseBuild['report'] } catch { report = undefined }
        record({ code: typeof answer.code === 'number' ? answer.code : EXIT_COURSE_ERRORS, report, stderr: String(answer.stderr ?? line) })
        stderr = ''
        handOut()
      }
    })
    child.on('error', (error) => { stderr += error.message })
    child.on('close', (code, signal) => {
      if (!current) return finished()
      record({ code: EXIT_COURSE_ERRORS, stderr: stderr.trim() || `the build ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}` })
      // The courses not yet handed out go to a new worker.
      void (next < dirs.length ? worker() : Promise.resolve()).then(finished)
    })
    handOut()
  })
  return Promise.all(Array.from({ length: Math.min(jobs, dirs.length) }, worker)).then(() => results)
}

async function buildCatalogue(dirs: string[], options: BuildCommandOptions, io: Io): Promise<number> {
  // Every folder is checked before any build starts: a typo in a list of twenty is a usage error, not a half-built catalogue.
  const folders = await Promise.all(dirs.map((d) => courseFolder(d, io.cwd)))
  const missing = folders.flatMap((f) => ('error' in f ? [f.error] : []))
  if (missing.length > 0) {
    if (options.json) io.out(JSON.stringify({ ok: false, error: missing.join('; '), courses: [] }, null, 2) + '\n')
    for (const m of missing) io.err(m + '\n')
    return EXIT_USAGE
  }
  const jobs = Math.max(1, options.jobs ?? availableParallelism())
  const total = dirs.length
  let finished = 0
  const running = new Set<string>()
  const status = () => {
    if (io.isTTY && !options.json) io.err(`\r\x1b[K  building ${finished}/${total} done${running.size ? `: ${[...running].join(', ')}` : ''}`)
  }
  const started = Date.now()
  const results = await buildWithWorkers(dirs, jobs, options, io, {
    start: (dir) => { running.add(dir); status() },
    done: (r) => {
      running.delete(r.dir)
      finished++
      const line = `[${finished}/${total}] ${r.code === 0 ? '✓' : '✗'} ${r.dir} (${r.report?.outputs.length ?? 0} zip${r.report?.outputs.length === 1 ? '' : 's'}, ${r.seconds.toFixed(1)} s)`
      if (io.isTTY && !options.json) io.err('\r\x1b[K')
      io.err(line + '\n')
      status()
    },
  })
  if (io.isTTY && !options.json) io.err('\r\x1b[K')
  const failed = results.filter((r) => r.code !== 0)
  if (options.json) {
    io.out(JSON.stringify({
      ok: failed.length === 0,
      courses: results.map((r) => ({ dir: r.dir, ...(r.report ?? { ok: false, error: r.stderr.trim() || `the build exited with code ${r.code}`, outputs: [] }) })),
      outputs: results.flatMap((r) => r.report?.outputs ?? []),
    }, null, 2) + '\n')
  } else {
    // Each course's diagnostics (warnings too), then why each failed course failed.
    for (const r of results) for (const d of r.report?.diagnostics ?? []) io.err(`${d.text}\n`)
    for (const r of failed) {
      io.err(`${r.dir}: build failed${r.report?.error ? `: ${r.report.error}` : ''}\n`)
      if (!r.report && r.stderr.trim()) io.err(`  ${r.stderr.trim()}\n`)
    }
    const zips = results.flatMap((r) => r.report?.outputs ?? [])
    for (const z of zips) io.out(`  ${z.target.padEnd(9)}  ${z.file}  (${formatBytes(z.bytes)})\n`)
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    io.out(`Built ${total - failed.length} of ${plural(total, 'course')} into ${plural(zips.length, 'zip')} in ${seconds} s (${plural(Math.min(jobs, total), 'build')} at a time)${failed.length ? `; ${failed.length} failed` : ''}.\n`)
  }
  return failed.some((r) => r.code === EXIT_USAGE) ? EXIT_USAGE : failed.length > 0 ? EXIT_COURSE_ERRORS : EXIT_OK
}
