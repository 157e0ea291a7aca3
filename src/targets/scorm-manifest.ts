// What the SCORM 1.2 and 2004 manifests build alike: the identifier, one SCO per launch page, and
// the resources section. The one spelling that differs (adlcp:scormtype in 1.2, adlcp:scormType in
// 2004, SPEC-NOTES §9) is a parameter, never a guess.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { Course } from '../course/model.js'
import { hasGradedQuestions, scoLaunchPages, type LaunchPage, type PackageFile } from './target.js'

/** xs:ID values are NCNames: course ids may start with a digit, so those get a letter in front. */
export function manifestIdentifier(courseId: string): string {
  return /^[A-Za-z_]/.test(courseId) ? courseId : `course-${courseId}`
}

/** A text cut to a smallest permitted maximum of the CAM (longer values fail the ADL package test). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

export interface Sco { page: LaunchPage; key: string; title: string; graded: boolean }

/** One SCO per launch page: the course, or each module; `key` names its item and resource. */
export function scosOf(course: Course): Sco[] {
  return scoLaunchPages(course).map((page) => {
    const modules = page.scope ? course.modules.filter((m) => m.id === page.scope) : course.modules
    const key = page.scope ? `MODULE-${page.scope}` : 'COURSE'
    return { page, key, title: page.scope ? modules[0].title : course.title, graded: hasGradedQuestions(modules) }
  })
}

/** One resource per SCO (its launch page, depending on the shared files) and one asset resource listing every other file. */
export function addResources(manifest: XMLBuilder, scos: readonly Sco[], payload: readonly PackageFile[], scormTypeAttribute: 'adlcp:scormtype' | 'adlcp:scormType'): void {
  const resources = manifest.ele('resources')
  const launchPaths = new Set(scos.map((s) => s.page.path))
  for (const sco of scos) {
    const resource = resources.ele('resource', {
      identifier: `RES-${sco.key}`, type: 'webcontent', [scormTypeAttribute]: 'sco', href: sco.page.path,
    })
    resource.ele('file', { href: sco.page.path })
    resource.ele('dependency', { identifierref: 'RES-SHARED' })
  }
  const shared = resources.ele('resource', { identifier: 'RES-SHARED', type: 'webcontent', [scormTypeAttribute]: 'asset' })
  // Listed in path order so the manifest is byte-stable.
  const sharedPaths = payload.map((f) => f.path).filter((p) => !launchPaths.has(p)).sort()
  for (const path of sharedPaths) shared.ele('file', { href: path })
}
