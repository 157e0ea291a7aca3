import { ZipArchive } from 'archiver'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
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

/**
 * Writes the files to `outPath` as a deterministic zip: entries sorted by path, one fixed date and
 * mode, media stored and streamed from disk. The zip is written to a temporary name beside the
 * target and renamed only when complete, so a failure never leaves a partial zip or clobbers a good one.
 */
export async function writeZip(files: readonly PackageFile[], outPath: string, date = entryDate()): Promise<ZipResult> {
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

  await mkdir(dirname(outPath), { recursive: true })
  const tmpPath = join(dirname(outPath), `.${basename(outPath)}.tmp-${process.pid}-${Date.now().toString(36)}`)
  try {
    const bytes = await new Promise<number>((resolve, reject) => {
      const output = createWriteStream(tmpPath)
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
    await rename(tmpPath, outPath)
    return { path: outPath, bytes, entries: sorted.length }
  } catch (error) {
    await rm(tmpPath, { force: true })
    throw error
  }
}
