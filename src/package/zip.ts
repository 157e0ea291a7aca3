import { ZipArchive } from 'archiver'
import { createWriteStream, rmSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import type { PackageFile } from '../targets/target.js'

// Formats that are already compressed: deflating them again costs time and gains nothing.
const STORED_EXTENSIONS = new Set([
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'heic',
  'mp4', 'm4v', 'mov', 'webm', 'ogv', 'mkv',
  'mp3', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'flac',
  'pdf', 'zip', 'gz', 'docx', 'xlsx', 'pptx', 'epub', 'woff', 'woff2',
])

export function isStored(path: string): boolean {
  const dot = path.lastIndexOf('.')
  return dot >= 0 && STORED_EXTENSIONS.has(path.slice(dot + 1).toLowerCase())
}

// The DOS epoch: the earliest time a zip entry can carry, used when SOURCE_DATE_EPOCH is not set.
const DEFAULT_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0))

/** Entry date for every file: SOURCE_DATE_EPOCH (seconds) when set, so reproducible-build tooling can pin it. */
export function entryDate(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH
  if (raw && /^\d+$/.test(raw.trim())) {
    const date = new Date(Number(raw.trim()) * 1000)
    // Zip dates cannot go before 1980; clamp rather than write a wrapped date.
    return date < DEFAULT_ENTRY_DATE ? DEFAULT_ENTRY_DATE : date
  }
  return DEFAULT_ENTRY_DATE
}

export interface ZipResult { path: string; bytes: number; entries: number }

/** A complete zip under a temporary name beside `path`, waiting to be renamed into place (commitZip) or removed (discardZip). */
export interface StagedZip extends ZipResult { tmpPath: string }

// `.NAME.zip.tmp-PID-TIME` beside NAME.zip: hidden, and the pid tells a later build whether its writer is gone.
const TEMP_NAME = /^\.(.+\.zip)\.tmp-(\d+)-[0-9a-z]+$/
const tempPathFor = (outPath: string): string =>
  join(dirname(outPath), `.${basename(outPath)}.tmp-${process.pid}-${Date.now().toString(36)}`)

/** Temporary zips of this process not yet renamed or removed: what a signal handler must clean up. */
const liveTemps = new Set<string>()

/**
 * Writes the files as a deterministic zip under a temporary name beside `outPath`: entries sorted by
 * path, one fixed date and mode, media stored and streamed from disk. On failure the temporary file is removed.
 */
export async function stageZip(files: readonly PackageFile[], outPath: string, date = entryDate()): Promise<StagedZip> {
  const seen = new Set<string>()
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two package files share the path ${f.path}`)
    seen.add(f.path)
  }
  // Sorted by code unit, not locale: the same sources must give the same bytes on every machine.
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))

  // archiver stats files in a concurrent queue and appends them as the stats come back, which
  // reorders entries from run to run; stat them here, in order, and hand the stats over instead.
  const stats = await Promise.all(sorted.map((f) => ('from' in f ? stat(f.from) : undefined)))
  for (const [i, s] of stats.entries()) {
    if (s && !s.isFile()) throw new Error(`${(sorted[i] as { from: string }).from} is not a file`)
  }

  const tmpPath = tempPathFor(outPath)
  liveTemps.add(tmpPath)
  try {
    const bytes = await new Promise<number>((resolve, reject) => {
      const output = createWriteStream(tmpPath, { flags: 'wx' })
      const archive = new ZipArchive({ zlib: { level: 6 } })
      output.on('close', () => resolve(archive.pointer()))
      output.on('error', reject)
      archive.on('error', reject)
      archive.on('warning', reject) // a missing file is a failure, never a silently smaller package
      archive.pipe(output)
      for (const [i, f] of sorted.entries()) {
        const entry = { name: f.path, date, mode: 0o644, store: isStored(f.path) }
        if ('from' in f) archive.file(f.from, { ...entry, stats: stats[i] }) // opened lazily, streamed: memory does not grow with media
        else archive.append(typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : Buffer.from(f.data), entry)
      }
      void archive.finalize().catch(reject)
    })
    return { path: outPath, tmpPath, bytes, entries: sorted.length }
  } catch (error) {
    await discardZip({ tmpPath })
    throw error
  }
}

/** Renames a staged zip into place: a reader of `path` sees the old zip or the new one, never half of one. */
export async function commitZip(staged: StagedZip): Promise<ZipResult> {
  await rename(staged.tmpPath, staged.path)
  liveTemps.delete(staged.tmpPath)
  return { path: staged.path, bytes: staged.bytes, entries: staged.entries }
}

export async function discardZip(staged: Pick<StagedZip, 'tmpPath'>): Promise<void> {
  await rm(staged.tmpPath, { force: true })
  liveTemps.delete(staged.tmpPath)
}

/** Stages and renames one zip: a failure never leaves a partial zip or clobbers a good one. */
export async function writeZip(files: readonly PackageFile[], outPath: string, date = entryDate()): Promise<ZipResult> {
  await ensureDir(dirname(outPath))
  const staged = await stageZip(files, outPath, date)
  try {
    return await commitZip(staged)
  } catch (error) {
    await discardZip(staged)
    throw error
  }
}

/** Removes this process's temporary zips at once (synchronous: it runs in a signal handler just before exit). */
export function removeTemporaryZips(): void {
  for (const path of liveTemps) rmSync(path, { force: true })
  liveTemps.clear()
}

/** Removes temporary zips that an earlier build (killed, or crashed) left in `dir`: ours by name, and their process gone. */
export async function sweepStaleZips(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[2])
    if (!pid || pid === process.pid || isAlive(pid)) continue
    await rm(join(dir, name), { force: true }).catch(() => undefined)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, another user's
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdir(…, { recursive: true })` never returns for a path
 * the file system refuses without saying why (such as /proc/x), so a bad --out would hang the build.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: dir })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const parent = dirname(dir)
  if (parent !== dir) await ensureDir(parent)
  try {
    await mkdir(dir)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (e.code === 'EEXIST') return
    // The parent exists, so "no such file" means the file system refuses new folders here (as /proc does).
    if (e.code === 'ENOENT') throw Object.assign(new Error(e.message), { code: 'EINVAL', syscall: 'mkdir', path: dir })
    throw error
  }
}
