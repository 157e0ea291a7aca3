// The course model: plain data between the loader and every target.
// No classes, Maps or Dates, so `--json` can print it and the player can embed it.
import type { StringOverrides } from '../player/i18n.js'
import type { ResourceKind } from '../player/data.js'

/** A position in the author's text. `file` is relative to the course folder, posix separators; line and col are 1-based. */
export interface SourcePos { file: string; line: number; col: number }

export interface Course {
  id: string
  title: string
  language: string
  version: string
  description?: string
  organization?: string
  duration?: string // ISO 8601, e.g. PT4H
  passingScore: number // 0–100
  strings?: StringOverrides // course.yaml `strings:`, by key of the player's strings
  sco: 'single' | 'per-module'
  /** course.yaml `attempts`: after this many failed attempts the player offers no retry; absent: no limit. */
  attempts?: number
  /** course.yaml `shuffle: true`: every single/multiple/matching question shows its choices in a per-learner order. */
  shuffle?: boolean
  /** Where course.yaml sets `scorm.sco`, for findings about it; absent when it is not written. */
  scoAt?: SourcePos
  xapiActivityId?: string // course.yaml `xapi.activity_id`: an absolute IRI; xAPI/cmi5 targets derive one when absent
  /** course.yaml `show_answers: false`: a wrong answer is marked wrong but the right one is not shown. */
  showAnswers?: false
  /** course.yaml `retry: all`: Retry clears every graded answer (default: only the wrong ones). */
  retry?: 'all'
  /** The certificate of achievement; absent when the course offers none. */
  certificate?: Certificate
  /** course.yaml `theme:` and the course folder's theme.css; absent when the course has neither. */
  theme?: Theme
  modules: Module[]
  assets: Asset[] // only what something references, sorted by path
  /** The files learners may open or save (linked, or played as audio or video), once each in course order: the resources page. */
  resources: Resource[]
  root: string // absolute course folder; read by package/ only, never packaged
}

export interface Certificate {
  title?: string // default: the player's "Certificate of achievement"
  signatory?: { name: string; role?: string }
  logo?: string // package path of an image from the course folder
}

export interface Theme {
  primary?: string // #rrggbb, AA against the header's white text
  accent?: string // #rrggbb, AA for links and buttons
  logo?: string // package path of an image from the course folder: the header and the certificate
  css?: string // package path of the course's own theme.css, loaded after the player's
}

export interface Module {
  id: string
  title: string
  objectives: string[]
  duration?: string
  graded: boolean
  showAnswers?: false // front matter `show_answers: false`
  /** Front matter `shuffle: true`: as course.yaml's, for this module's questions. */
  shuffle?: boolean
  /** Front matter `bank: { draw: N }`: each attempt shows N of the module's graded questions. */
  bank?: { draw: number }
  pages: Page[]
  at: SourcePos
}

export interface Page { id: string; title: string; blocks: Block[]; at: SourcePos }

/** html is rendered Markdown whose media links already point at package paths (media/…). */
export type Block = { type: 'html'; html: string } | { type: 'question'; question: Question }

export interface QuestionFeedback { correct?: string; incorrect?: string }

interface QuestionBase {
  id: string // unique in the course; ASCII letters, digits, '.', '-', '_'
  prompt: string // plain text as written in `question:`
  weight: number
  feedback?: QuestionFeedback
  /** `shuffle:` written on the question; when absent the module's, then the course's, decides. */
  shuffle?: boolean
  at: SourcePos
}

/** One matching pair: the left item and the right item it goes with. */
export interface MatchPair { left: string; right: string }

export interface Choice { text: string; correct: boolean; feedback?: string }

export type Question = QuestionBase & (
  | { type: 'single' | 'multiple'; choices: Choice[] }
  | { type: 'true-false'; answer: boolean }
  | { type: 'fill-in'; answers: string[] }
  /** Right-hand items are the pairs' rights then the distractors; `partial` scores the share of correct pairs. */
  | { type: 'matching'; pairs: MatchPair[]; distractors: string[]; partial: boolean }
  /** `items` in the correct order; `partial` scores the share of items in their right position. */
  | { type: 'ordering'; items: string[]; partial: boolean }
)

export type QuestionType = Question['type']

/** A file the package carries: posix path in the course = path in the zip. */
export interface Asset { path: string; at: SourcePos }

/** A file a page links to or plays, where it is first referenced, with that link's text (or the file name). */
export interface ResourceRef { path: string; title: string; at: SourcePos }

/** A resource as the resources page lists it: its size in bytes, read from the file, and what kind of file it is. */
export interface Resource { path: string; title: string; bytes: number; kind: ResourceKind; at: SourcePos }
