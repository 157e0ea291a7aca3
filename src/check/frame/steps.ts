// What the scripted learner asks of the course's frame: the steps of a page as data, sent in one call
// and carried out inside the frame (src/check/frame/main.ts), instead of one browser round trip per click.

/** What a learner does inside one question's group before pressing its Submit. */
export type AnswerAction =
  /** Ticks the radio or checkbox of this accessible name. */
  | { do: 'check'; role: 'radio' | 'checkbox'; name: string }
  /** Picks the option of this label in the select list of this accessible name. */
  | { do: 'select'; name: string; label: string }
  /** Types into the question's text box. */
  | { do: 'fill'; text: string }
  /** Moves the items up into this order; `moveUp[i]` is the accessible name of item i's Move up button. */
  | { do: 'order'; items: string[]; moveUp: string[] }

export type FrameStep =
  /**
   * Waits for a level-1 heading among `titles` (any level-1 heading when `titles` is absent), going past
   * the start page (`begin`: its Start and Continue buttons) on the way; the value is the heading shown.
   * `what` words the failure; `optional` gives null instead of failing.
   */
  | { do: 'show'; titles?: string[]; begin: string[]; what: string; optional?: boolean }
  /** Answers the question whose group is named `prompt`, then presses `submit` in it; `optional` skips a question not on the page. */
  | { do: 'answer'; prompt: string; actions: AnswerAction[]; submit: string; optional?: boolean }
  /** Presses the first shown button of this name; `ifShown` presses it only if it is shown now (the value says whether). */
  | { do: 'press'; name: string; ifShown?: boolean }

export interface FrameRequest {
  steps: FrameStep[]
  /** Most milliseconds each step waits for what it needs to show. */
  timeout: number
}

export interface FrameResult {
  /** Each finished step's value: the heading shown, whether a button was pressed, null otherwise. */
  values: (string | boolean | null)[]
  /** Why the learner stopped, in words for the report; absent when every step was done. */
  stuck?: string
}

/** The global the frame script installs itself as (in the content's window). */
export const FRAME_LEARNER_GLOBAL = '__coursepackLearner'
