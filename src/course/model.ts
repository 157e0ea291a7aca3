// The course model: plain data between the loader and every target.
// No classes, Maps or Dates, so `--json` can print it and the player can embed it.
import type { StringOverrides } from '../player/i18n.js'

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
  /** Where course.yaml sets `scorm.sco`, for findings about it; absent when it is not written. */
  scoAt?: SourcePos
  xapiActivityId?: string // course.yaml `xapi.activity_id`: an absolute IRI; xAPI/cmi5 targets derive one when absent
  modules: Module[]
  assets: Asset[] // only what something references, sorted by path
  root: string // absolute course folder; read by package/ only, never packaged
}

export interface Module {
  id: string
  title: string
  objectives: string[]
  duration?: string
  graded: boolean
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
  at: SourcePos
}

export interface Choice { text: string; correct: boolean; feedback?: string }

export type Question = QuestionBase & (
  | { type: 'single' | 'multiple'; choices: Choice[] }
  | { type: 'true-false'; answer: boolean }
  | { type: 'fill-in'; answers: string[] }
)

export type QuestionType = Question['type']

/** A file the package carries: posix path in the course = path in the zip. */
export interface Asset { path: string; at: SourcePos }
