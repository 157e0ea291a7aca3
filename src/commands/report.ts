import { stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { formatDiagnostic, type Diagnostic } from '../course/diagnostics.js'
import { EXIT_USAGE, type Io } from '../io.js'

/** The course folder as the user should see it in messages: relative to where they ran the command. */
export function displayDir(dir: string, cwd: string): string {
  let shown = isAbsolute(dir) ? relative(cwd, dir) : dir
  // An absolute path far from here reads better as itself than as a chain of '../'.
  if (isAbsolute(dir) && shown.startsWith('..')) shown = dir
  return (shown === '' ? '.' : shown).split(sep).join('/').replace(/(.)\/+$/, '$1')
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return { errors, warnings: diagnostics.length - errors }
}

/** An option's count (`--jobs`, `--max-launches`): a whole number above 0 in decimal digits, else undefined. */
export function countOption(text: string): number | undefined {
  const n = Number(text)
  return /^\s*\d+\s*$/.test(text) && n > 0 ? n : undefined
}

/** What a count option says when its value is not one. */
export const countOptionError = (option: string, text: string): string => `${option} takes a whole number above 0, not ${JSON.stringify(text)}`

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Each diagnostic as `file:line:col: severity: message [code]`, the form editors and CI annotations link. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], base: string, io: Io): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d, base === '.' ? undefined : base) + '\n')
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[], base: string) {
  return diagnostics.map((d) => ({
    ...d,
    at: { ...d.at, file: base === '.' ? d.at.file : `${base}/${d.at.file}` },
    text: formatDiagnostic(d, base === '.' ? undefined : base),
  }))
}

// What a system error code means, in the words of someone who did not write the program.
const systemReasons: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'operation not permitted', ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded', EROFS: 'the file system is read-only', ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder', ENOTDIR: 'a part of the path is not a folder', EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links (a link that points to itself?)', ENAMETOOLONG: 'the name is too long',
  ENOTEMPTY: 'the folder is not empty', EBUSY: 'it is in use', ETXTBSY: 'it is in use', EIO: 'an input/output error',
  EFBIG: 'the file is too large', EMFILE: 'too many open files', ENFILE: 'too many open files', EXDEV: 'it is on another device',
  EINVAL: 'the file system does not allow it',
}
// What was being done, by the failing call.
const systemActions: Record<string, string> = {
  mkdir: 'cannot create the folder', open: 'cannot open', read: 'cannot read', write: 'cannot write',
  rename: 'cannot write', copyfile: 'cannot copy', cp: 'cannot copy', scandir: 'cannot list the folder',
  opendir: 'cannot list the folder', stat: 'cannot read', lstat: 'cannot read', realpath: 'cannot read',
  unlink: 'cannot remove', rm: 'cannot remove', rmdir: 'cannot remove', access: 'cannot read', close: 'cannot write',
}

/**
 * A failure of the machine, not of the course (disk full, no permission, a path that is a file): one line
 * naming the path, no stack trace. Undefined when `error` is not a system error (then it is a bug).
 */
export function describeSystemError(error: unknown, cwd?: string): string | undefined {
  const e = systemError(error)
  if (!e) return undefined
  const action = (e.syscall && systemActions[e.syscall]) ?? (e.syscall ? `${e.syscall} failed on` : 'cannot use')
  const path = e.dest && e.syscall === 'rename' ? e.dest : e.path
  const shown = path && cwd ? displayDir(path, cwd) : path
  return `${action}${shown ? ` ${shown}` : ''}: ${systemReasons[e.code] ?? e.code}`
}

/** Only the reason of a system error ("no space left on the device"), for a message that already names the path. */
export function systemReason(error: unknown): string | undefined {
  const e = systemError(error)
  return e && (systemReasons[e.code] ?? e.code)
}

function systemError(error: unknown): (NodeJS.ErrnoException & { code: string; dest?: string }) | undefined {
  if (!error || typeof error !== 'object' || !('code' in error) || typeof error.code !== 'string' || !/^E[A-Z]+$/.test(error.code)) return undefined
  return error as NodeJS.ErrnoException & { code: string; dest?: string }
}

/**
 * The course a command was given: a folder, or the course.yaml in it (`validate x/course.yaml` means x).
 * `shown` is the folder as the user should see it. `error` is a usage mistake: a path that does not exist or another file.
 */
export async function courseFolder(arg: string, cwd: string): Promise<{ dir: string; shown: string } | { error: string }> {
  const dir = resolve(cwd, arg)
  const shown = displayDir(arg, cwd)
  try {
    if ((await stat(dir)).isDirectory()) return { dir, shown }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { error: `${shown} does not exist. Give the course folder (the one that holds course.yaml), or create one with \`coursepack init ${shown}\`.` }
    return { error: describeSystemError(error, cwd) ?? String(error) }
  }
  if (basename(dir) === 'course.yaml') return { dir: dirname(dir), shown: displayDir(dirname(arg), cwd) }
  return { error: `${shown} is a file, not a course folder. Give the folder that holds course.yaml.` }
}

/**
 * The package zip a command was given (`check`, `inspect`): its path, the name to show, and `usage`, which
 * prints a usage error (also as `--json`'s `{ ok: false, error }`) and returns exit 2; or that error already printed.
 */
export async function packageArg(file: string, command: string, io: Io, json: boolean | undefined):
  Promise<{ path: string; shown: string; usage: (message: string) => number } | { code: number }> {
  const path = resolve(io.cwd, file)
  const shown = displayDir(file, io.cwd)
  const usage = (message: string) => {
    if (json) io.out(JSON.stringify({ ok: false, error: message }, null, 2) + '\n')
    io.err(message + '\n')
    return EXIT_USAGE
  }
  try {
    if (!(await stat(path)).isFile()) return { code: usage(`${shown} is not a file: ${command} takes a package zip`) }
  } catch (error) {
    return { code: usage(`cannot read ${shown}: ${systemReason(error) ?? String(error)}`) }
  }
  return { path, shown, usage }
}
