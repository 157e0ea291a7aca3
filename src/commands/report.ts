import { isAbsolute, relative, sep } from 'node:path'
import { formatDiagnostic, type Diagnostic } from '../course/diagnostics.js'
import type { Io } from '../io.js'

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

/** A failure of the machine, not of the course (disk full, no permission): one line, no stack trace. */
export function describeSystemError(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const e = error as NodeJS.ErrnoException & { code: string }
    const where = e.path ? ` ${e.path}` : ''
    const reasons: Record<string, string> = {
      EACCES: 'permission denied', EPERM: 'operation not permitted', ENOSPC: 'no space left on the device',
      EROFS: 'the file system is read-only', ENOENT: 'no such file or folder', EISDIR: 'it is a folder',
      ENOTDIR: 'a part of the path is not a folder', EMFILE: 'too many open files',
    }
    return `${e.syscall ?? 'file operation'} failed on${where}: ${reasons[e.code] ?? e.code}`
  }
  return undefined
}
