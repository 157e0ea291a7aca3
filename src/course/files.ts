// The course folder on disk: which entries a course may read and package, and reading them without surprises.
// validate, build and preview all go through here, so they judge every entry the same way: a file whose real
// path is outside the course folder, a broken link, a folder or a device/FIFO/socket is never opened.
import { constants } from 'node:fs'
import { lstat, open, readdir, readlink, realpath, stat, type FileHandle } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import type { Asset, SourcePos } from './model.js'

/** Why an entry of the course folder cannot be read or packaged. */
export type EntryProblem =
  | { kind: 'missing' }
  | { kind: 'escapes'; target: string } // its real path is outside the course folder
  | { kind: 'broken-link'; target: string } // a symbolic link to nothing (or a loop of links)
  | { kind: 'folder' }
  | { kind: 'special'; what: string } // a FIFO, socket or device: opening it may hang or never end
  | { kind: 'unreadable'; reason: string }

/** What the folder holds: every entry as a posix path relative to it, and the entries that are not plain files. */
export interface CourseEntries {
  /** Every entry, spelled as the directory listing spells them; folders (and links to folders) end in `/`. */
  files: Set<string>
  /** Entries that are not regular files inside the course folder; a path under one of them shares its problem. */
  problems: Map<string, EntryProblem>
}

// Never part of a course, never listed: version control and dependencies.
const skippedDirs = new Set(['.git', 'node_modules'])

/** The course folder's real path (links resolved), or undefined when it does not exist or is no folder. */
export async function courseRoot(dir: string): Promise<string | undefined> {
  try {
    const real = await realpath(dir)
    return (await stat(real)).isDirectory() ? real : undefined
  } catch {
    return undefined
  }
}

function isInside(realRoot: string, real: string): boolean {
  const rel = relative(realRoot, real)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

const special = (s: Stats): string | undefined =>
  s.isFIFO() ? 'a named pipe (FIFO)' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : undefined

function problemOfStats(s: Stats): EntryProblem | undefined {
  if (s.isFile()) return undefined
  if (s.isDirectory()) return { kind: 'folder' }
  return { kind: 'special', what: special(s) ?? 'not a regular file' }
}

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(error)
}

/**
 * The one check of a course entry (`path` relative to the course folder, whose real path is `realRoot`):
 * undefined when it is a regular file whose real path is inside the folder. Never opens the entry.
 */
export async function checkEntry(realRoot: string, path: string): Promise<EntryProblem | undefined> {
  const abs = join(realRoot, path)
  let own: Stats
  try {
    own = await lstat(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', reason: reasonOf(error) }
  }
  let real: string
  try {
    real = await realpath(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') {
      return { kind: 'broken-link', target: await readlink(abs).catch(() => '?') }
    }
    return { kind: 'unreadable', reason: reasonOf(error) }
  }
  if (!isInside(realRoot, real)) return { kind: 'escapes', target: real }
  try {
    return problemOfStats(own.isSymbolicLink() ? await stat(real) : own)
  } catch (error) {
    return { kind: 'unreadable', reason: reasonOf(error) }
  }
}

/** Every entry under the course folder (links to folders inside it are followed once), with the problem of each. */
export async function listEntries(realRoot: string): Promise<CourseEntries> {
  const files = new Set<string>()
  const problems = new Map<string, EntryProblem>()
  const walked = new Set<string>([realRoot]) // real paths of folders already listed: links cannot make a loop
  const walk = async (rel: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(join(realRoot, rel), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (skippedDirs.has(entry.name)) continue // whatever it is: a git worktree's .git is a file, node_modules often a link
      if (entry.isFile()) {
        files.add(path)
        continue
      }
      if (entry.isDirectory()) {
        files.add(`${path}/`)
        problems.set(path, { kind: 'folder' })
        await walk(path)
        continue
      }
      const problem = await checkEntry(realRoot, path)
      files.add(problem?.kind === 'folder' ? `${path}/` : path)
      if (problem) problems.set(path, problem)
      if (problem?.kind === 'folder') {
        const real = await realpath(join(realRoot, path)).catch(() => undefined)
        if (real && !walked.has(real)) {
          walked.add(real)
          await walk(path)
        }
      }
    }
  }
  await walk('')
  return { files, problems }
}

/** The problem of `path` or of the nearest entry above it (a path under a link out of the course escapes too). */
export function problemOf(entries: CourseEntries, path: string): EntryProblem | undefined {
  const own = entries.problems.get(path)
  if (own || entries.files.has(path)) return own
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) {
    const above = entries.problems.get(path.slice(0, at))
    if (above && above.kind !== 'folder') return above
  }
  return { kind: 'missing' }
}

/** The diagnostic for an entry that cannot be read or packaged, at the place that refers to it. */
export function entryDiagnostic(problem: EntryProblem, path: string, at: SourcePos): Diagnostic {
  switch (problem.kind) {
    case 'missing': return diagnostic('missing-file', at, path)
    case 'escapes': return diagnostic('link-escapes-course', at, path, problem.target)
    case 'broken-link': return diagnostic('link-broken', at, path, problem.target)
    case 'folder': return diagnostic('path-is-folder', at, path)
    case 'special': return diagnostic('special-file', at, path, problem.what)
    case 'unreadable': return diagnostic('file-unreadable', at, path, problem.reason)
  }
}

/** The entry check again, just before packaging: a file swapped for a link or a FIFO after loading is still refused. */
export async function checkAssets(realRoot: string, assets: readonly Asset[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = []
  for (const a of assets) {
    const problem = await checkEntry(realRoot, a.path)
    if (problem) diagnostics.push(entryDiagnostic(problem, a.path, a.at))
  }
  return diagnostics
}

export type ReadResult = { text: string } | { problem: EntryProblem }

/**
 * Reads a course file as UTF-8 after checking it. Opened non-blocking and checked again on the open handle,
 * so a FIFO swapped in after the check cannot hang the read.
 */
export async function readEntry(realRoot: string, path: string): Promise<ReadResult> {
  const read = await readChecked(realRoot, path, (handle) => handle.readFile('utf8'))
  return 'problem' in read ? read : { text: read.value }
}

/** The first `limit` bytes of a course file, checked as readEntry checks it: enough to read an image's size. */
export async function readEntryHead(realRoot: string, path: string, limit: number): Promise<{ bytes: Uint8Array } | { problem: EntryProblem }> {
  const read = await readChecked(realRoot, path, async (handle) => {
    const buffer = new Uint8Array(limit)
    const { bytesRead } = await handle.read(buffer, 0, limit, 0)
    return buffer.subarray(0, bytesRead)
  })
  return 'problem' in read ? read : { bytes: read.value }
}

/** A course file's size in bytes, checked as readEntry checks it; undefined when it cannot be read. */
export async function entrySize(realRoot: string, path: string): Promise<number | undefined> {
  const read = await readChecked(realRoot, path, async (handle) => (await handle.stat()).size)
  return 'problem' in read ? undefined : read.value
}

async function readChecked<T>(realRoot: string, path: string, read: (handle: FileHandle) => Promise<T>): Promise<{ value: T } | { problem: EntryProblem }> {
  const problem = await checkEntry(realRoot, path)
  if (problem) return { problem }
  let handle
  try {
    handle = await open(join(realRoot, path), constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return { problem: { kind: 'unreadable', reason: reasonOf(error) } }
  }
  try {
    const late = problemOfStats(await handle.stat())
    if (late) return { problem: late }
    return { value: await read(handle) }
  } catch (error) {
    return { problem: { kind: 'unreadable', reason: reasonOf(error) } }
  } finally {
    await handle.close()
  }
}
