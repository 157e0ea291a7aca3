// What the LMS hands a SCO at launch: the learner on first launch, and on relaunch the data saved by
// the last session with Moodle's resume semantics (SPEC-NOTES §6.1, §3.4). The LMS also gives a 2004
// SCO its scaled_passing_score from the manifest on every launch (RTE 4.2.22).
import type { ScormVersion } from './standards.js'

/** CMI data as the lab page's scorm-again holds it: nested objects of strings. */
export type CmiData = Record<string, unknown>
export interface Learner { id: string; name: string }

export interface ScormLaunchData {
  /** First launch of an attempt: entry ab-initio, the learner's id and name, nothing else saved. */
  initial(learner: Learner, scaledPassingScore?: number): CmiData
  /**
   * Relaunch after a session ended, from what it left. `review`: the LMS reopens the attempt for
   * viewing (Moodle, re-entering a finished attempt without "Start a new attempt"): mode review and
   * no credit, with the same stored status and score.
   */
  relaunch(finished: CmiData, scaledPassingScore: number | undefined, review: boolean): CmiData
}

export const objectOf = (v: unknown): CmiData => (v && typeof v === 'object' && !Array.isArray(v) ? (v as CmiData) : {})

function passing(scaledPassingScore: number | undefined): CmiData {
  return scaledPassingScore === undefined ? {} : { scaled_passing_score: String(scaledPassingScore) }
}

/** What a 2004 SCO gets on a first launch, and on a relaunch that hands nothing of the attempt back. */
function initial2004(learner: Learner, scaledPassingScore?: number): CmiData {
  return { entry: 'ab-initio', learner_id: learner.id, learner_name: learner.name, completion_status: 'unknown', success_status: 'unknown', ...passing(scaledPassingScore) }
}

export const SCORM_LAUNCH_DATA: Record<ScormVersion, ScormLaunchData> = {
  scorm12: {
    initial: (learner) => ({ core: { entry: 'ab-initio', student_id: learner.id, student_name: learner.name, lesson_status: 'not attempted' } }),
    // Moodle: entry resume only after exit=suspend, but lesson_location and suspend_data come back regardless.
    relaunch(finished, _scaledPassingScore, review) {
      const core = objectOf(finished.core)
      return {
        core: {
          ...(review ? { lesson_mode: 'review', credit: 'no-credit' } : {}),
          lesson_location: core.lesson_location ?? '',
          lesson_status: core.lesson_status ?? 'not attempted',
          entry: core.exit === 'suspend' ? 'resume' : '',
          score: core.score ?? {},
          student_id: core.student_id ?? '',
          student_name: core.student_name ?? '',
        },
        suspend_data: finished.suspend_data ?? '',
      }
    },
  },
  scorm2004: {
    initial: initial2004,
    // RTE 4.2.8, Moodle's get_scorm_default (datamodels/scorm_13lib.php): an attempt's data come back only
    // after exit=suspend, with entry resume; after any other exit nothing does, in review too (no status,
    // no score, no location or suspend data) and entry is ab-initio.
    relaunch(finished, scaledPassingScore, review) {
      const mode = review ? { mode: 'review', credit: 'no-credit' } : {}
      const fresh = { ...mode, ...initial2004({ id: String(finished.learner_id ?? ''), name: String(finished.learner_name ?? '') }, scaledPassingScore) }
      if (finished.exit !== 'suspend') return fresh
      return {
        ...fresh,
        entry: 'resume',
        completion_status: finished.completion_status ?? 'unknown',
        success_status: finished.success_status ?? 'unknown',
        score: finished.score ?? {},
        location: finished.location ?? '',
        suspend_data: finished.suspend_data ?? '',
      }
    },
  },
}
