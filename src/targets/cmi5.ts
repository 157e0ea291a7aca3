import { create } from 'xmlbuilder2'
import type { Course } from '../course/model.js'
import { childIri, scaledScore } from '../player/tracking/xapi-vocabulary.js'
import { addIeeeLom } from './lom.js'
import { courseIri, hasGradedQuestions, scoLaunchPages, type PackageFile, type Target } from './target.js'

export const NS_CMI5_COURSE_STRUCTURE = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd'

/** The names the LMS appends to an AU's url (cmi5 §8.1): an AU url's own query string must not use them. */
export const CMI5_LAUNCH_PARAMETERS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const

// AU and objective IRIs hang off the course IRI, so ids stay unique and stable between builds.
export function auIri(course: Course, moduleId: string | null): string {
  return moduleId === null ? childIri(courseIri(course), 'au') : childIri(courseIri(course), 'au', moduleId)
}

function objectiveIri(course: Course, moduleId: string, index: number): string {
  return childIri(courseIri(course), 'objectives', moduleId, String(index + 1))
}

/** passing_score 0–100 as the cmi5 decimal 0–1, at most 4 decimals (cmi5 §10 masteryScore), as scores are scaled. */
export function masteryScoreOf(passingScore: number): string {
  return String(scaledScore(passingScore))
}

/**
 * cmi5.xml: the course, its objectives (one per module objective), and one AU per launch page.
 * moveOn: an AU with graded questions is satisfied by `passed` (its score against the mastery score
 * is what the course judges, as SCORM's masteryscore is); one without is satisfied by `completed`.
 */
export function buildCmi5CourseStructure(course: Course): string {
  const lang = course.language
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS_CMI5_COURSE_STRUCTURE, 'courseStructure')
  const langstring = (parent: ReturnType<typeof root.ele>, name: string, text: string) => {
    parent.ele(name).ele('langstring', { lang }).txt(text)
  }

  const courseEl = root.ele('course', { id: courseIri(course) })
  langstring(courseEl, 'title', course.title)
  langstring(courseEl, 'description', course.description ?? course.title)
  // The rest of course.yaml's metadata (publisher, typical learning time) has no cmi5 element; the
  // course element takes elements of other namespaces after its description, so it carries IEEE LOM.
  if (course.organization || course.duration) addIeeeLom(courseEl, course)

  const objectives = course.modules.flatMap((m) => m.objectives.map((text, i) => ({ moduleId: m.id, text, id: objectiveIri(course, m.id, i) })))
  if (objectives.length > 0) {
    const list = root.ele('objectives')
    for (const o of objectives) {
      const el = list.ele('objective', { id: o.id })
      langstring(el, 'title', o.text)
      langstring(el, 'description', o.text)
    }
  }

  for (const page of scoLaunchPages(course)) {
    const modules = page.scope ? course.modules.filter((m) => m.id === page.scope) : course.modules
    const graded = hasGradedQuestions(modules)
    const attrs: Record<string, string> = { id: auIri(course, page.scope ?? null), moveOn: graded ? 'Passed' : 'Completed' }
    if (graded) attrs.masteryScore = masteryScoreOf(course.passingScore)
    const au = root.ele('au', attrs)
    const module = page.scope ? modules[0] : undefined
    langstring(au, 'title', module ? module.title : course.title)
    const moduleObjectives = module ? module.objectives : []
    langstring(au, 'description', module ? (moduleObjectives.length > 0 ? moduleObjectives.join('; ') : module.title) : (course.description ?? course.title))
    const refs = objectives.filter((o) => modules.some((m) => m.id === o.moduleId))
    if (refs.length > 0) {
      const list = au.ele('objectives')
      for (const o of refs) list.ele('objective', { idref: o.id })
    }
    au.ele('url').txt(page.path)
  }
  return root.end({ prettyPrint: true }) + '\n'
}

// The checks the XSD cannot make live with the other package checks: src/check/cmi5-structure.ts.

export const cmi5: Target = {
  name: 'cmi5',
  title: 'cmi5',
  adapter: 'cmi5',
  launchPages: scoLaunchPages,
  files: (course: Course, _payload: readonly PackageFile[]) => [{ path: 'cmi5.xml', data: buildCmi5CourseStructure(course) }],
}
