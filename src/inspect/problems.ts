// Every problem `inspect` reports, by code, with its severity: the one table of them. Codes are
// permanent (CI rules match them): add new ones, never rename. 'error' means the package will not
// work (or is refused unread); 'warning' that it works in some places and fails in others.
import type { Severity } from '../course/diagnostics.js'
import type { ZipProblemCode } from './zip.js'

export const PROBLEMS = {
  // The zip itself: read from the central directory, refused before anything is unpacked.
  'not-a-zip': 'error',
  'zip-too-many-entries': 'error',
  'zip-too-large': 'error',
  'zip-ratio': 'error',
  'zip-overlap': 'error',
  'zip-encrypted': 'error',
  'entry-absolute': 'error',
  'entry-escapes': 'error',
  'entry-nul': 'error',
  'entry-symlink': 'error',
  'entry-duplicate': 'error',
  /** Windows separators: desktop LMSs read them as '/', the Moodle app on Android does not. */
  'entry-backslash': 'warning',
  /** Two names that differ only in case: one overwrites the other on Windows and macOS. */
  'entry-case-clash': 'warning',
  // What the package is.
  'not-a-package': 'error',
  'manifest-not-at-root': 'error',
  'not-well-formed': 'error',
  'control-file-too-large': 'error',
  'no-scorm-version': 'error',
  'no-launch': 'error',
  'launch-missing': 'error',
  'launch-broken-escape': 'error',
  'reference-missing': 'error',
  'cmi5-structure': 'error',
  'href-outside': 'error',
  'listed-file-missing': 'warning',
  'unlisted-file': 'warning',
  /** Something fetched from the internet: breaks offline, DVD and intranet-only use. */
  'internet-reference': 'warning',
  /**
   * Several SCOs in a SCORM 2004 package: Moodle's player keeps one API_1484_11 per page, so every SCO
   * after the first one ended fails to start (test/moodle/per-module.test.ts). Other LMSs run them.
   */
  'scorm2004-multi-sco-moodle': 'warning',
  /**
   * Not valid against the official XSDs (`--schemas DIR`): strict LMSs and ADL's test suite refuse
   * it, Moodle and most others import it anyway.
   */
  'schema-invalid': 'warning',
} as const satisfies Record<string, Severity> & Record<ZipProblemCode, Severity>

export type ProblemCode = keyof typeof PROBLEMS

export interface InspectProblem {
  code: ProblemCode
  severity: Severity
  message: string
  /** The file in the package it is about, with a position when known. */
  at?: { file: string; line?: number; col?: number }
}

export function problem(code: ProblemCode, message: string, at?: InspectProblem['at']): InspectProblem {
  return { code, severity: PROBLEMS[code], message, ...(at ? { at } : {}) }
}

/** One line: `file:line:col: severity: message [code]`, as validate prints its diagnostics. */
export function formatProblem(p: InspectProblem): string {
  const where = p.at ? `${p.at.file}${p.at.line !== undefined ? `:${p.at.line}:${p.at.col ?? 1}` : ''}: ` : ''
  return `${where}${p.severity}: ${p.message} [${p.code}]`
}
