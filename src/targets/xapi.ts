import { create } from 'xmlbuilder2'
import type { Course } from '../course/model.js'
import { ACTIVITY_TYPE, moduleIri, type XapiActivities } from '../player/tracking/xapi-vocabulary.js'
import { courseIri, type PackageFile, type Target } from './target.js'

export const NS_TINCAN = 'http://projecttincan.com/tincan.xsd'
export const XAPI_LAUNCH_PAGE = 'index.html'

/**
 * The course's activity IRI (course.yaml `xapi.activity_id`, else the default from its id, as cmi5
 * names it) and each module's, hanging off it: tincan.xml lists them, course.js hands them to the player.
 */
export function xapiActivities(course: Course): XapiActivities {
  const id = courseIri(course)
  return { course: id, modules: Object.fromEntries(course.modules.map((m) => [m.id, moduleIri(id, m.id)])) }
}

/**
 * tincan.xml: the course activity first (Moodle's xAPI Launch Link launches the first activity and
 * takes its id), the only one with a launch page; then one activity per module, so an LRS can
 * name the parents the statements point at. Hierarchy lives in statement context, not here.
 */
export function buildTincanXml(course: Course): string {
  const iris = xapiActivities(course)
  const activities = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS_TINCAN, 'tincan').ele('activities')
  const courseActivity = activities.ele('activity', { id: iris.course, type: ACTIVITY_TYPE.course })
  courseActivity.ele('name', { lang: course.language }).txt(course.title)
  if (course.description) courseActivity.ele('description', { lang: course.language }).txt(course.description)
  courseActivity.ele('launch', { lang: course.language }).txt(XAPI_LAUNCH_PAGE)
  for (const module of course.modules) {
    const activity = activities.ele('activity', { id: iris.modules[module.id]!, type: ACTIVITY_TYPE.module })
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
  activities: xapiActivities,
  files: (course, _payload: readonly PackageFile[]) => [{ path: 'tincan.xml', data: buildTincanXml(course) }],
}
