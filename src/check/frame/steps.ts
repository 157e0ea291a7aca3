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
  /**
   * Goes through `pages` in order: waits for each one's heading (past the start page), answers its
   * questions, presses `next`. The player skips a bank's pages it did not draw, and so does the walk: on a
   * bank's page it goes on from whichever of the pages left is shown, and ends when none is. The value
   * is the titles of the pages seen, also when the learner got stuck on one.
   */
  | { do: 'walk'; pages: WalkPage[]; begin: string[]; next: string }

/** A page of a walk: its title, whether it is a question bank's (drawn or not), and its questions' answers (optional on a bank's page). */
export interface WalkPage { title: string; bank: boolean; answers: Extract<FrameStep, { do: 'answer' }>[] }

export interface FrameRequest {
  steps: FrameStep[]
  /** Most milliseconds each step waits for what it needs to show. */
  timeout: number
}

export interface FrameResult {
  /** Each finished step's value: the heading shown, whether a button was pressed, the pages a walk saw, null otherwise; a walk cut short gives its pages seen too. */
  values: (string | boolean | null | string[])[]
  /** Why the learner stopped, in words for the report; absent when every step was done. */
  stuck?: string
}

/** The global the frame script installs itself as (in the content's window). */
export const FRAME_LEARNER_GLOBAL = '__coursepackLearner'
