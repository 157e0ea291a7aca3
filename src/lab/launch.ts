// How the lab launches a package's content, per standard: pure functions of the attempt's state
// that say where the content goes and what the LMS hands it. The server draws the random ids and
// applies the plan (its attempt, its LRS store).
import { SCORM_LAUNCH_DATA, type CmiData } from './resume.js'
import type { ScormVersion } from './standards.js'

export const LAUNCH_MODES = ['launch', 'restart', 'review'] as const
/** 'restart' begins a new attempt; 'review' reopens the attempt for viewing, as an LMS does a finished one. */
export type LaunchMode = (typeof LAUNCH_MODES)[number]

/** The learner the lab launches as: Moodle sends 1.2 names as "Last, First". */
export const LAB_LEARNER = { id: 'lab-learner', name: 'Learner, Lab', fullName: 'Lab Learner', mbox: 'mailto:learner@coursepack.invalid' }

/** What the lab reads from a package once, before its first launch. */
export interface PackageFacts {
  /** xAPI: tincan.xml's first activity, the id an LMS launches it with. */
  activityId?: string
  /** cmi5: the first AU as cmi5.xml describes it. */
  au?: { auId: string; moveOn: string; masteryScore?: number }
  /** SCORM 2004: the launched SCO's manifest mastery, handed to it as cmi.scaled_passing_score. */
  scaledPassingScore?: number
}

export interface LaunchInput {
  /** The lab's origin, e.g. http://127.0.0.1:4321 */
  base: string
  /** The package's launch page as served by the lab. */
  href: string
  /** The LRS credentials (a whole Authorization header value). */
  auth: string
  mode: LaunchMode
  /** This session's index in the attempt: 0 is the attempt's first launch. */
  session: number
  registration: string
  /** The attempt's activity id, '' until its first launch chose one. */
  activityId: string
  /** SCORM: the CMI data the last session left. */
  previous: CmiData
  facts: PackageFacts
  /** Random ids the launch may use (drawn by the server, so this stays a function of its input). */
  fresh: { activityId: string; sessionId: string; fetchKey: string }
}

export interface LaunchPlan {
  url: string
  /** SCORM: the data the lab page's runtime starts with. */
  saved?: CmiData
  /** The attempt's activity id from now on. */
  activityId?: string
  /** cmi5: the session's id and its one-time fetch URL's key. */
  cmi5?: { sessionId: string; fetchKey: string }
  /** A State document the LMS writes before the launch (cmi5's LMS.LaunchData). */
  state?: { activityId: string; agent: string; stateId: string; registration: string; body: string }
}

/** The context extension that names a cmi5 session: the LMS hands it out in LMS.LaunchData, the AU's statements carry it. */
export const CMI5_SESSION_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'

const withQuery = (href: string, q: Record<string, string>): string => `${href}${href.includes('?') ? '&' : '?'}${new URLSearchParams(q).toString()}`

/** SCORM: the page's own runtime finds the API; the data is the learner, or what the last session left. */
export function scormLaunch(version: ScormVersion): (input: LaunchInput) => LaunchPlan {
  const data = SCORM_LAUNCH_DATA[version]
  return (input) => ({
    url: input.href,
    saved: input.session === 0
      ? data.initial(LAB_LEARNER, input.facts.scaledPassingScore)
      : data.relaunch(input.previous, input.facts.scaledPassingScore, input.mode === 'review'),
  })
}

/** xAPI: the launch spec's query parameters against the lab's LRS (as Moodle's xAPI Launch Link does). */
export function xapiLaunch(input: LaunchInput): LaunchPlan {
  const activityId = input.activityId || input.facts.activityId || `${input.base}/activities/course`
  return {
    activityId,
    url: withQuery(input.href, {
      endpoint: `${input.base}/xapi/`, auth: input.auth, registration: input.registration, activity_id: activityId,
      actor: JSON.stringify({ objectType: 'Agent', name: LAB_LEARNER.fullName, mbox: LAB_LEARNER.mbox }),
    }),
  }
}

/** cmi5: LMS.LaunchData written before every launch (cmi5 §10), then the five launch parameters (§8.1). */
export function cmi5Launch(input: LaunchInput): LaunchPlan {
  const activityId = input.activityId || `${input.base}/activities/${input.fresh.activityId}`
  const { sessionId, fetchKey } = input.fresh
  const au = input.facts.au
  const actor = { objectType: 'Agent', name: LAB_LEARNER.fullName, account: { homePage: input.base, name: LAB_LEARNER.id } }
  const launchData = {
    contextTemplate: {
      contextActivities: { grouping: [{ objectType: 'Activity', id: au?.auId ?? '' }] },
      extensions: { [CMI5_SESSION_EXTENSION]: sessionId },
    },
    launchMode: input.mode === 'review' ? 'Review' : 'Normal',
    moveOn: au?.moveOn ?? 'NotApplicable',
    ...(au?.masteryScore !== undefined ? { masteryScore: au.masteryScore } : {}),
    returnURL: `${input.base}/lab/returned`,
  }
  return {
    activityId,
    cmi5: { sessionId, fetchKey },
    state: { activityId, agent: `account:${input.base}|${LAB_LEARNER.id}`, stateId: 'LMS.LaunchData', registration: input.registration, body: JSON.stringify(launchData) },
    url: withQuery(input.href, {
      endpoint: `${input.base}/xapi/`, fetch: `${input.base}/cmi5/fetch/${fetchKey}`, actor: JSON.stringify(actor), registration: input.registration, activityId,
    }),
  }
}

/** The web package: its page, nothing else. */
export const webLaunch = (input: LaunchInput): LaunchPlan => ({ url: input.href })
