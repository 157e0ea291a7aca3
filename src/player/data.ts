// PlayerData: what course.js hands the player (`window.__COURSEPACK__ = {…}`).
// This is the compiler's output contract; src/package/payload.ts writes it, the player reads it.
import type { XapiActivities } from './tracking/xapi-vocabulary.js'
import type { StringOverrides } from './i18n.js'

/**
 * The resume string the player writes (SCORM suspend data, the State API, browser storage): its first
 * field. A player reads only its own format, so `coursepack diff` compares it between two packages.
 */
export const RESUME_FORMAT = 'cp2'

export interface PlayerData {
  /** Bumped when this shape changes incompatibly. */
  format: 1
  /** RESUME_FORMAT of the player in this package; absent in packages made before it was written (they wrote `cp1`). */
  resume?: string
  course: {
    id: string
    title: string
    language: string // BCP 47; selects the interface strings
    version: string
    description?: string
    organization?: string // course.yaml `organization`: who publishes the course, for a start page
    duration?: string // course.yaml `duration`, ISO 8601 (PT4H): how long it takes, for a start page
    passingScore: number // 0–100
    showAnswers?: false // course.yaml `show_answers: false`: a wrong answer is marked, the right one not shown
    retry?: 'all' // course.yaml `retry: all`: Retry clears every graded answer, not only the wrong ones
    certificate?: PlayerCertificate // absent: the course offers no certificate
    attempts?: number // course.yaml `attempts`: failed attempts after which no retry is offered
    strings?: StringOverrides // course.yaml `strings:`: the author's own words for interface strings
    logo?: string // course.yaml `theme.logo`: package path of the image the header shows
  }
  modules: PlayerModule[]
  /** The files the course links or plays, for the resources page (in the contents); absent when there are none. */
  resources?: PlayerResource[]
  /** xAPI packages: the course's and modules' activity IRIs, as tincan.xml lists them; the player names them in statements. */
  activities?: XapiActivities
}

export interface PlayerCertificate {
  title?: string
  signatory?: { name: string; role?: string }
  logo?: string // package path of the image
}

/** What kind of file a resource is; the player says it in words in the course language. */
export type ResourceKind = 'pdf' | 'document' | 'spreadsheet' | 'presentation' | 'text' | 'archive' | 'audio' | 'video' | 'image' | 'file'

/** A file learners may open or save: package href, the text of its first link (or its name), size in bytes, kind. */
export interface PlayerResource { href: string; title: string; bytes: number; kind: ResourceKind }

export interface PlayerModule {
  id: string
  title: string
  graded: boolean // false: its questions are practice only and never scored
  objectives?: string[] // for the start page; absent when the front matter lists none
  duration?: string // ISO 8601
  showAnswers?: false
  bank?: { draw: number } // each attempt shows `draw` of the module's questions (graded modules only)
  pages: PlayerPage[]
}

export interface PlayerPage { id: string; title: string; blocks: PlayerBlock[] }

/** html is trusted: the compiler rendered it from the author's Markdown. */
export type PlayerBlock = { type: 'html'; html: string } | { type: 'question'; question: PlayerQuestion }

export interface PlayerChoice { text: string; correct: boolean; feedback?: string }

export type PlayerQuestion = {
  id: string // unique in the course; ASCII [A-Za-z0-9._-]
  prompt: string // plain text
  weight: number
  feedback?: { correct?: string; incorrect?: string }
  shuffle?: true // single/multiple/matching: choices in a per-learner order (already resolved from module and course)
} & (
  | { type: 'single' | 'multiple'; choices: PlayerChoice[] }
  | { type: 'true-false'; answer: boolean }
  | { type: 'fill-in'; answers: string[] }
  | { type: 'matching'; pairs: { left: string; right: string }[]; distractors: string[]; partial: boolean }
  | { type: 'ordering'; items: string[]; partial: boolean }
)

/**
 * The launch page says which part of the course it plays: `<body data-scope="MODULE_ID">` plays one
 * module (a per-module SCO), no data-scope plays the whole course.
 */
export const SCOPE_ATTRIBUTE = 'data-scope'

declare global {
  interface Window { __COURSEPACK__?: PlayerData }
}
