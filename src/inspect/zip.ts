// Reading a package zip from anyone without trusting it: yauzl reads the central directory, this
// module decides from it alone (limits, overlapping bodies, names an LMS would refuse), and only
// then streams the entries that must be read, counting bytes as they come. `inspect` reads the
// directory and the few entries it needs into memory; `check` unpacks with it after `inspect`.
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'

/** The file is not a zip we can read: a usage error for `check`, not a broken package. */
export class NotAZipError extends Error {}

/** The zip is hostile or too big to unpack (a zip bomb, overlapping entries, encryption): refused, nothing extracted. */
export class ZipRefusedError extends Error {
  constructor(message: string, readonly code: ZipProblemCode = 'zip-too-large') {
    super(message)
  }
}

/** The codes of what a zip's directory can be refused or faulted for (see src/inspect/problems.ts). */
export type ZipProblemCode =
  | 'zip-too-many-entries' | 'zip-too-large' | 'zip-ratio' | 'zip-overlap' | 'zip-encrypted'
  | 'entry-absolute' | 'entry-escapes' | 'entry-nul' | 'entry-symlink' | 'entry-duplicate'

export interface ZipProblem { code: ZipProblemCode; message: string }

export interface ZipLimits {
  /** Most entries in the central directory. */
  entries: number
  /** Most bytes all entries may unpack to. */
  totalBytes: number
  /** Largest uncompressed/compressed ratio of an entry that unpacks to more than ratioFloor bytes, and of the whole zip. */
  ratio: number
  /** Entries this small are never a bomb: a few KB of spaces compresses far beyond any ratio. */
  ratioFloor: number
}

/** The same figures `coursepack inspect` refuses at (issue 15): no e-learning package comes near them. */
export const ZIP_LIMITS: ZipLimits = { entries: 50_000, totalBytes: 4 * 1024 ** 3, ratio: 200, ratioFloor: 1024 * 1024 }

export interface ZipEntry {
  /** The name as stored (UTF-8 or CP437 per the entry's flags), backslashes kept. */
  name: string
  /** Folder entries end with '/'. */
  directory: boolean
  compressedSize: number
  size: number
  encrypted: boolean
  symlink: boolean
  /** Where the entry's local header starts in the file. */
  offset: number
  raw: yauzl.Entry
}

export interface ZipDirectory {
  entries: ZipEntry[]
  /** Bytes of the zip file. */
  fileSize: number
  /** Where the central directory starts: every entry's body ends before it. */
  centralDirectoryOffset: number
  zip: yauzl.ZipFile
  close(): void
}

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`
const S_IFMT = 0o170000
const S_IFLNK = 0o120000
/** The smallest local file header: its fixed part (names and extra fields come on top). */
const LOCAL_HEADER = 30

/** Opens the zip and reads its central directory, refusing before reading it when it lists too many entries. */
export async function readZipDirectory(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipDirectory> {
  let zip: yauzl.ZipFile
  try {
    // Names are decoded here, not by yauzl: it would stop at the first `../` name, and those are the package's problems to report.
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true })
  } catch (error) {
    throw new NotAZipError(`it is not a zip file (${error instanceof Error ? error.message : String(error)})`)
  }
  const close = () => zip.close()
  try {
    if (zip.entryCount > limits.entries) {
      throw new ZipRefusedError(`it lists ${zip.entryCount.toLocaleString('en')} entries; check unpacks at most ${limits.entries.toLocaleString('en')} (a zip bomb or not a course)`, 'zip-too-many-entries')
    }
    const centralDirectoryOffset = zip.readEntryCursor as unknown as number
    const entries: ZipEntry[] = []
    try {
      for await (const raw of zip.eachEntry()) {
        const name = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, true)
        const mode = (raw.externalFileAttributes >>> 16) & S_IFMT
        entries.push({
          name, directory: name.endsWith('/') || name.endsWith('\\'), compressedSize: raw.compressedSize, size: raw.uncompressedSize,
          encrypted: raw.isEncrypted(), symlink: raw.versionMadeBy >> 8 === 3 && mode === S_IFLNK, offset: raw.relativeOffsetOfLocalHeader, raw,
        })
      }
    } catch (error) {
      throw new NotAZipError(`its central directory is damaged (${error instanceof Error ? error.message : String(error)})`)
    }
    return { entries, fileSize: zip.fileSize, centralDirectoryOffset, zip, close }
  } catch (error) {
    close()
    throw error
  }
}

/** Why the zip must not be unpacked at all, or undefined. Decided from the central directory alone. */
export function zipRefusal(dir: Pick<ZipDirectory, 'entries' | 'fileSize' | 'centralDirectoryOffset'>, limits: ZipLimits = ZIP_LIMITS): ZipProblem | undefined {
  const files = dir.entries.filter((e) => !e.directory)
  const encrypted = files.find((e) => e.encrypted)
  if (encrypted) return { code: 'zip-encrypted', message: `entry ${encrypted.name} is encrypted: an LMS cannot read it` }
  const total = files.reduce((sum, e) => sum + e.size, 0)
  if (total > limits.totalBytes) return { code: 'zip-too-large', message: `it unpacks to ${MB(total)}; check unpacks at most ${MB(limits.totalBytes)} (a zip bomb or not a course)` }
  for (const e of files) {
    if (e.size > limits.ratioFloor && e.size > limits.ratio * Math.max(1, e.compressedSize)) {
      return { code: 'zip-ratio', message: `entry ${e.name} unpacks to ${MB(e.size)} from ${e.compressedSize.toLocaleString('en')} bytes, more than ${limits.ratio} times its size (a zip bomb)` }
    }
  }
  if (total > limits.ratioFloor && total > limits.ratio * Math.max(1, dir.fileSize)) {
    return { code: 'zip-ratio', message: `it unpacks to ${MB(total)} from a ${MB(dir.fileSize)} zip, more than ${limits.ratio} times its size (a zip bomb)` }
  }
  // Each entry's body lies between its local header and the next one: two entries sharing bytes
  // (a central directory pointing several names at one body) multiply what a small zip unpacks to.
  const byOffset = [...dir.entries].sort((a, b) => a.offset - b.offset)
  for (const [i, e] of byOffset.entries()) {
    const next = byOffset[i + 1]
    const end = e.offset + LOCAL_HEADER + e.compressedSize
    if (next && (next.offset === e.offset || end > next.offset)) return { code: 'zip-overlap', message: `entries ${e.name} and ${next.name} overlap in the zip (one body listed under several names: a zip bomb)` }
    if (!next && end > dir.centralDirectoryOffset) return { code: 'zip-overlap', message: `entry ${e.name} overlaps the zip's central directory (a damaged or crafted zip)` }
  }
  return undefined
}

/** The name's path inside the package folder, or why an LMS would refuse it. */
export function entryPath(name: string): { path: string } | { problem: ZipProblem } {
  // Windows tools write backslashes: read as '/', as LMSs do.
  const clean = name.replace(/\\/g, '/')
  if (clean.includes('\0')) return { problem: { code: 'entry-nul', message: `entry ${JSON.stringify(name)} has a NUL character in its name` } }
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) return { problem: { code: 'entry-absolute', message: `entry ${name} has an absolute path: an LMS refuses it or writes it outside the package` } }
  if (clean.split('/').includes('..')) return { problem: { code: 'entry-escapes', message: `entry ${name} climbs out of the package with '..' (zip slip): an LMS refuses it or writes it outside the package` } }
  return { path: clean.replace(/^(\.\/)+/, '') }
}

/** What is wrong with the entries' names: absolute, `..`, duplicates, symbolic links. Problems of the package, each one line. */
export function entryProblems(entries: readonly ZipEntry[]): ZipProblem[] {
  const problems: ZipProblem[] = []
  const seen = new Map<string, string>()
  for (const e of entries) {
    const where = entryPath(e.name)
    if ('problem' in where) { problems.push(where.problem); continue }
    if (e.symlink) problems.push({ code: 'entry-symlink', message: `entry ${e.name} is a symbolic link: an LMS does not follow links inside a package` })
    if (e.directory) continue
    const before = seen.get(where.path)
    if (before !== undefined) problems.push({ code: 'entry-duplicate', message: `entry ${e.name} is in the zip twice: which copy an LMS unpacks is anyone's guess` })
    else seen.set(where.path, e.name)
  }
  return problems
}

/** Counts bytes as they are written; fails the stream past `limit` (declared sizes are checked by yauzl too). */
function byteLimit(limit: number, counter: { bytes: number }, name: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length
      if (counter.bytes > limit) done(new ZipRefusedError(`unpacking ${name} went past ${MB(limit)}: refused`, 'zip-too-large'))
      else done(null, chunk)
    },
  })
}

/**
 * Streams the file entries to `dir` (which must exist), after zipRefusal and entryProblems found
 * nothing; returns the paths written, in zip order. Stops past limits.totalBytes of real output.
 */
export async function extractZip(dir: ZipDirectory, into: string, limits: ZipLimits = ZIP_LIMITS): Promise<string[]> {
  const root = resolve(into)
  const written: string[] = []
  const counter = { bytes: 0 }
  for (const e of dir.entries) {
    if (e.directory) continue
    const where = entryPath(e.name)
    if ('problem' in where) throw new ZipRefusedError(where.problem.message, where.problem.code)
    const target = resolve(root, where.path)
    if (!target.startsWith(root + sep)) throw new ZipRefusedError(`entry ${e.name} points outside the package`, 'entry-escapes')
    await mkdir(dirname(target), { recursive: true })
    let stream
    try {
      stream = await dir.zip.openReadStreamPromise(e.raw)
    } catch (error) {
      throw new NotAZipError(`entry ${e.name} cannot be read (${error instanceof Error ? error.message : String(error)})`)
    }
    try {
      await pipeline(stream, byteLimit(limits.totalBytes, counter, e.name), createWriteStream(target, { flags: 'wx' }))
    } catch (error) {
      if (error instanceof ZipRefusedError) throw error
      if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code !== 'Z_DATA_ERROR' && error.code !== 'Z_BUF_ERROR') throw error // the disk, not the zip
      throw new NotAZipError(`entry ${e.name} is damaged (${error instanceof Error ? error.message : String(error)})`)
    }
    written.push(where.path)
  }
  return written
}

/**
 * One entry's bytes in memory, for the few files `inspect` reads (control files, launch pages); undefined
 * past `maxBytes` (declared or streamed), so a lying size costs nothing. Throws NotAZipError when damaged.
 */
export async function readEntry(dir: ZipDirectory, entry: ZipEntry, maxBytes: number): Promise<Buffer | undefined> {
  if (entry.size > maxBytes) return undefined
  let stream
  try {
    stream = await dir.zip.openReadStreamPromise(entry.raw)
  } catch (error) {
    throw new NotAZipError(`entry ${entry.name} cannot be read (${error instanceof Error ? error.message : String(error)})`)
  }
  const chunks: Buffer[] = []
  let bytes = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length
      if (bytes > maxBytes) { stream.destroy(); return undefined }
      chunks.push(chunk)
    }
  } catch (error) {
    throw new NotAZipError(`entry ${entry.name} is damaged (${error instanceof Error ? error.message : String(error)})`)
  }
  return Buffer.concat(chunks)
}
