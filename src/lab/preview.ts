// `coursepack preview` without the terminal: build one target into a temporary folder, serve it in
// the lab, and rebuild on every change to the course's sources. A source error replaces the course
// on the page with the diagnostics; the next good build brings the course back.
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageFiles } from '../build.js'
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../course/diagnostics.js'
import { loadCourse } from '../course/load.js'
import type { TargetName } from '../targets/index.js'
import { sameHref, writePackageDir } from './package.js'
import { startLab, type Lab, type LabOptions } from './server.js'
import { readLaunchable } from './standards.js'
import { watchTree, type TreeWatcher } from './watch.js'

export interface PreviewOptions extends LabOptions {
  target: TargetName
  /** The course folder as the user typed it, to print diagnostics' paths as they know them. */
  shownDir?: string
  /** Called after each build, good or not. */
  onBuild?: (result: PreviewBuild) => void
}

export interface PreviewBuild { ok: boolean; diagnostics: Diagnostic[]; ms: number; number: number; title?: string; error?: string }

export interface Preview {
  lab: Lab
  url: string
  /** Builds now (the watcher calls it on changes); resolves when that build is on the page. */
  rebuild(): Promise<PreviewBuild>
  /** Stops watching, waits for a build under way, closes the server and its event streams, removes the temporary folder. */
  close(): Promise<void>
}

// What changes without the author editing the course: build outputs, VCS, dependencies, editors' backup and swap files.
const IGNORED = /(^|\/)(dist|node_modules|\.git|\.DS_Store)(\/|$)|~$|\.sw[px]$|(^|\/)\.#[^/]*$/

export async function startPreview(courseDir: string, options: PreviewOptions): Promise<Preview> {
  const tmp = await mkdtemp(join(tmpdir(), 'coursepack-preview-'))
  // The last resort for every way out close() does not see (an uncaught error, process.exit): 'exit' runs synchronously.
  const removeTemporaryFiles = () => rmSync(tmp, { recursive: true, force: true })
  process.on('exit', removeTemporaryFiles)
  let lab: Lab
  try {
    lab = await startLab({ host: options.host, port: options.port })
  } catch (error) {
    process.off('exit', removeTemporaryFiles)
    await rm(tmp, { recursive: true, force: true })
    throw error
  }
  let count = 0
  let liveDir: string | undefined
  let running: Promise<PreviewBuild> | undefined
  let again = false
  let closed = false

  async function buildOnce(): Promise<PreviewBuild> {
    const started = Date.now()
    const number = ++count
    const done = (b: Omit<PreviewBuild, 'ms' | 'number'>): PreviewBuild => {
      const result = { ...b, ms: Date.now() - started, number }
      options.onBuild?.(result)
      return result
    }
    const base = options.shownDir && options.shownDir !== '.' ? options.shownDir : undefined
    try {
      const { course, diagnostics } = await loadCourse(courseDir)
      const sorted = sortDiagnostics(diagnostics)
      const errors = sorted.filter((d) => d.severity === 'error')
      if (!course || errors.length > 0) {
        lab.setError([...errors, ...sorted.filter((d) => d.severity !== 'error')].map((d) => formatDiagnostic(d, base)).join('\n') || 'The course could not be loaded.')
        return done({ ok: false, diagnostics: sorted })
      }
      if (closed) return done({ ok: false, diagnostics: sorted }) // stopped while loading: write nothing more
      const dir = join(tmp, `build-${number}`)
      await mkdir(dir)
      await writePackageDir(packageFiles(course, options.target), dir)
      // A SCO or AU the author chose on the page stays shown across rebuilds while the package still has it.
      const launches = await readLaunchable(dir, options.target)
      const shown = lab.shownLaunch()
      const launch = launches.find((l) => shown !== undefined && sameHref(l.href, shown)) ?? launches[0]
      lab.setPackage({ dir, target: options.target, launch: launch.href, launches, title: course.title })
      // The build before the live one may still be unloading on the page; older ones are gone for good.
      const stale = liveDir
      liveDir = dir
      if (stale) setTimeout(() => { void rm(stale, { recursive: true, force: true }) }, 5000).unref()
      return done({ ok: true, diagnostics: sorted, title: course.title })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      lab.setError(text)
      return done({ ok: false, diagnostics: [], error: text })
    }
  }

  /** One build at a time; changes during a build trigger exactly one more. */
  function rebuild(): Promise<PreviewBuild> {
    if (running) { again = true; return running }
    running = (async () => {
      let result: PreviewBuild
      do {
        again = false
        result = await buildOnce()
      } while (again && !closed)
      running = undefined
      return result
    })()
    return running
  }

  // Watching starts before the first build, so a save during it is not lost.
  let timer: NodeJS.Timeout | undefined
  let watcher: TreeWatcher | undefined
  try {
    watcher = await watchTree(courseDir, (path) => IGNORED.test(path), () => {
      if (closed) return
      clearTimeout(timer)
      timer = setTimeout(() => { void rebuild() }, 120) // editors save in bursts
    })
  } catch {
    watcher = undefined // a folder that cannot be watched still previews; it just does not rebuild
  }
  await rebuild()

  return {
    lab,
    url: lab.url,
    rebuild,
    async close() {
      closed = true
      clearTimeout(timer)
      watcher?.close()
      try {
        await running?.catch(() => undefined)
        await lab.close()
      } finally {
        await rm(tmp, { recursive: true, force: true })
        process.off('exit', removeTemporaryFiles)
      }
    },
  }
}
