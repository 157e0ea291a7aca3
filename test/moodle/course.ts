// The example courses as Moodle gets them: built by the product's own build, added as SCORM
// activities through Moodle's PHP APIs, and the course data the scripted learner reads.
import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import type { PlayerData } from '../../src/player/data.js'
import type { TargetName } from '../../src/targets/index.js'
import { examplePackage } from '../helpers/examples.js'
import { openPackage } from '../../src/check/package.js'
import { php } from './site.js'
import { fileURLToPath } from 'node:url'

const SITE_PHP = fileURLToPath(new URL('php/site.php', import.meta.url))

/** Settings of the add-activity form (mod_scorm field names); unset ones keep the form's defaults. */
export interface ActivitySettings {
  grademethod?: number // 0 learning objects, 1 highest (default), 2 average, 3 sum
  whatgrade?: number
  maxattempt?: number
  forcenewattempt?: number // 0 no (default), 1 when the previous attempt is completed, passed or failed, 2 always
  completionstatusrequired?: number // bits: passed 2, completed 4 (the form's default); 6 = either
  completionstatusallscos?: number
  popup?: number
  hidetoc?: number
}

export interface Activity { cmid: number; scormid: number; version: string; scoes: { identifier: string; title: string }[] }

/**
 * A test file's own course and users, so runs against a reused site never meet each other's data. The
 * random part keeps two files started in the same millisecond apart: sharing a course, one of them
 * enrolled its learners while the other was still creating it, before its enrolment methods existed.
 */
export const RUN = `cp${Date.now().toString(36)}${randomBytes(3).toString('hex')}`

export interface Example { zip: string; data: PlayerData }

export async function buildForMoodle(course: 'trata-consulados' | 'prosecuting-trafficking', target: TargetName): Promise<Example> {
  const zip = examplePackage(course, target)
  const pkg = await openPackage(zip) // read as `check` reads it: the course data the scripted learner answers from
  await pkg.remove()
  return { zip, data: pkg.course! }
}

export function addActivity(zip: string, name: string, users: string[], settings: ActivitySettings): Activity {
  const made = php<Activity & { errors?: string[] }>(SITE_PHP, 'activity', JSON.stringify({ course: RUN, users, zip, name, settings }))
  if (made.errors) throw new Error(`Moodle refused ${zip}: ${made.errors.join('; ')}`)
  return made
}

export interface Stored {
  /** attempt number → SCO identifier → element → value, from mdl_scorm_attempt / mdl_scorm_scoes_value. */
  attempts: Record<string, Record<string, Record<string, string>>>
  grade: number | null
  grademax: number | null
  /** Attempt 1 graded by "Highest grade", whatever the activity's grading method. */
  highestGrade: number | null
  /** mdl_course_modules_completion.completionstate: 1 complete, 0 (or no row) not. */
  completion: number
}

export const stored = (activity: Activity, user: string): Stored =>
  php<Stored>(SITE_PHP, 'state', JSON.stringify({ cmid: activity.cmid, user }))

/** What Moodle stored once `ready` holds (calls sent as beacons, or on pagehide, land a moment later). */
export async function storedWhen(activity: Activity, user: string, ready: (s: Stored) => boolean): Promise<Stored> {
  let last = stored(activity, user)
  for (const deadline = Date.now() + 60_000; !ready(last) && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 1000))
    last = stored(activity, user)
  }
  return last // the test's own assertions say what is missing
}

export type { Browser }
