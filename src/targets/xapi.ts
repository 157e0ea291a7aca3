import { create } from 'xmlbuilder2'
import type { Course } from '../course/model.js'
import { courseIri, type PackageFile, type Target } from './target.js'

export const NS_TINCAN = 'http://projecttincan.com/tincan.xsd'
export const ACTIVITY_TYPE_COURSE = 'http://adlnet.gov/expapi/activities/course'
export const ACTIVITY_TYPE_MODULE = 'http://adlnet.gov/expapi/activities/module'
export const XAPI_LAUNCH_PAGE = 'index.html'

/**
 * The course's activity id: course.yaml `xapi.activity_id`, else
 * `https://coursepack.dev/xapi/courses/<course id>` (shared with cmi5, so both name the course alike).
 */
export const courseActivityId = courseIri

/** A module's activity id hangs off the course's, as the player names it in statements. */
export function moduleActivityId(courseId: string, moduleId: string): string {
  return `${courseId.replace(/\/+$/, '')}/modules/${encodeURIComponent(moduleId)}`
}

/**
 * tincan.xml: the course activity first (Moodle's xAPI Launch Link launches the first activity and
 * takes its id), the only one with a launch page; then one activity per module, so an LRS can
 * name the parents the statements point at. Hierarchy lives in statement context, not here.
 */
export function buildTincanXml(course: Course): string {
  const id = courseActivityId(course)
  const activities = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS_TINCAN, 'tincan').ele('activities')
  const courseActivity = activities.ele('activity', { id, type: ACTIVITY_TYPE_COURSE })
  courseActivity.ele('name', { lang: course.language }).txt(course.title)
  if (course.description) courseActivity.ele('description', { lang: course.language }).txt(course.description)
  courseActivity.ele('launch', { lang: course.language }).txt(XAPI_LAUNCH_PAGE)
  for (const module of course.modules) {
    const activity = activities.ele('activity', { id: moduleActivityId(id, module.id), type: ACTIVITY_TYPE_MODULE })
    activity.ele('name', { lang: course.language }).txt(module.title)
    if (module.objectives.length > 0) activity.ele('description', { lang: course.language }).txt(module.objectives.join(' '))
  }
  return activities.end({ prettyPrint: true }) + '\n'
}

export const xapi: Target = {
  name: 'xapi',
  title: 'xAPI (Tin Can)',
  adapter: 'xapi',
  // One launch for the whole course: a Tin Can package has one launchable activity; modules are reported as parents.
  launchPages: () => [{ path: XAPI_LAUNCH_PAGE }],
  files: (course, _payload: readonly PackageFile[]) => [{ path: 'tincan.xml', data: buildTincanXml(course) }],
}
