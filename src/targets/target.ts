import type { Diagnostic } from '../course/diagnostics.js'
import type { Course, Module } from '../course/model.js'
import type { XapiActivities } from '../player/tracking/xapi-vocabulary.js'

/** One file of a package: made in memory (manifests, launch pages, course.js) or streamed from disk (media, player bundle). */
export type PackageFile =
  | { path: string; data: string | Uint8Array }
  | { path: string; from: string }

/** The player bundle a package carries: each standard's tracking adapter is its own bundle. */
export type AdapterName = 'scorm12' | 'scorm2004' | 'xapi' | 'cmi5' | 'local'

/** A page the LMS (or a browser) opens: the whole course, or one module when each module is its own SCO. */
export interface LaunchPage { path: string; scope?: string }

export interface Target {
  name: string // --target value and zip suffix, e.g. 'scorm12'
  title: string // for --help and reports, e.g. 'SCORM 1.2'
  adapter: AdapterName
  /** Which launch pages the package needs; the payload writes one per entry. */
  launchPages(course: Course): LaunchPage[]
  /** The target's own files (manifests, control files), given the common payload. Pure: no disk, no clock. */
  files(course: Course, payload: readonly PackageFile[]): PackageFile[]
  /** The xAPI activity IRIs the player names in statements, when the target has its own (course.js carries them). */
  activities?(course: Course): XapiActivities
  /** Warnings about this course in this format that the sources alone cannot show (an LMS known not to run it). */
  warnings?(course: Course): Diagnostic[]
}

/** Launch page for a module SCO; module ids are ASCII-safe, so the name is too. */
export function moduleLaunchPath(moduleId: string): string {
  return `module-${moduleId}.html`
}

/** The usual launch pages: one for the course, or one per module when the course asks for per-module SCOs. */
export function scoLaunchPages(course: Course): LaunchPage[] {
  return course.sco === 'per-module'
    ? course.modules.map((m) => ({ path: moduleLaunchPath(m.id), scope: m.id }))
    : [{ path: 'index.html' }]
}

/** Whether these modules have questions that count: only such SCOs and AUs carry a mastery score. */
export function hasGradedQuestions(modules: readonly Module[]): boolean {
  return modules.some((m) => m.graded && m.pages.some((p) => p.blocks.some((b) => b.type === 'question')))
}

/** The course's xAPI activity IRI, shared by the xAPI and cmi5 targets: course.yaml `xapi.activity_id`, else a default from the course id. */
export function courseIri(course: Course): string {
  return course.xapiActivityId ?? `https://coursepack.dev/xapi/courses/${encodeURIComponent(course.id)}`
}
