// The one interface every tracking standard implements. The player tells the adapter what happened
// (a page was shown, a question answered, progress changed, the session ends); the adapter speaks its
// standard (SCORM 1.2 / 2004 run-time calls, xAPI or cmi5 statements, browser storage).
// Calls other than start() return at once: an adapter that needs the network queues and sends in the
// background, so the interface never blocks the UI.

export type Status = 'incomplete' | 'completed' | 'passed' | 'failed'
export type QuestionType = 'single' | 'multiple' | 'true-false' | 'fill-in' | 'matching' | 'ordering'

/** What the adapter may need to know about the course being played, given once at start. */
export interface TrackingContext {
  courseId: string
  courseVersion: string
  courseTitle: string
  language: string
  /** The module a per-module launch plays, or null for the whole course. */
  scope: string | null
  passingScore: number // 0–100
  /** Whether the scope has graded questions (then success is passed/failed, else completed). */
  graded: boolean
}

export interface SavedProgress {
  /** The player's own resume string (progress.ts codec); opaque to the adapter. */
  suspend: string
  /** A readable bookmark, `moduleId/pageId` or `results`. */
  location: string
}

export interface StartResult {
  /** What the last session left, or null on a first launch or when nothing could be read. */
  saved: SavedProgress | null
  /** False when progress is not kept anywhere (no LMS, storage blocked): the player shows a banner. */
  persistent: boolean
  /** An LMS is there but would not start the session (Initialize false or threw): the banner says so, not "outside a learning platform". */
  refused?: boolean
  /** As the LMS gives it (SCORM 1.2: "Last, First"), when it gives one. */
  learnerName?: string
  /** 'review'/'browse' when the LMS opened a finished attempt for viewing. */
  mode?: 'normal' | 'review' | 'browse'
  /** In review/browse: the attempt's result as the LMS holds it, which the player shows instead of its own verdict. */
  held?: HeldResult
  /** The LMS's own passing score, 0–100 (cmi5 LMS.LaunchData masteryScore × 100): overrides the course's for status. */
  passingScore?: number
}

/** What the LMS holds for an attempt: its status (null when it has none the player knows) and raw score 0–100. */
export interface HeldResult {
  status: Status | null
  score: number | null
}

export interface PageInfo {
  index: number
  location: string // same form as SavedProgress.location
  title: string
  /** The module the page belongs to (absent on the results page); xAPI names it as the statement's parent. */
  moduleId?: string
  moduleTitle?: string
}

export interface QuestionRecord {
  id: string // unique in the course, ASCII [A-Za-z0-9._-]
  type: QuestionType
  prompt: string
  /** Choice texts by index, for choice types and ordering items (xAPI describes them). */
  choices?: string[]
  /** Matching: the left items (sources) and the right-hand options (targets) by index. */
  sources?: string[]
  targets?: string[]
  /**
   * choices: chosen indices ascending; true-false: the value; fill-in: the trimmed text; matching: the
   * target index chosen for each source; ordering: the item indices in the learner's order.
   */
  response: number[] | boolean | string
  /** choices: the correct indices; true-false: the answer; fill-in: every accepted text; matching and ordering: 0, 1, 2… */
  correctResponse: number[] | boolean | string[]
  correct: boolean
  /** Matching and ordering: the share of parts right, 0–1 (below 1 only counts with `partial`). */
  credit?: number
  weight: number
  /** False for practice questions: recorded, never scored. */
  graded: boolean
  /** Milliseconds from showing the question to submitting the answer. */
  latencyMs: number
  /** When it was answered (ms since the epoch). */
  answeredAt: number
  /** The module the question is in; xAPI names it as the statement's parent. */
  moduleId?: string
  moduleTitle?: string
}

export interface ProgressSnapshot {
  status: Status
  /** 0–100 with at most 2 decimals, once meaningful (every graded question answered); null before that or without graded questions. */
  score: number | null
  passingScore: number
  location: string
  suspend: string
  /** What changed: a page change is cheap to lose; an answer, a status change or the name typed for the certificate is not. */
  cause: 'start' | 'page' | 'answer' | 'retry' | 'name'
}

export type FinishReason = 'exit' | 'pagehide'

export interface TrackingAdapter {
  /**
   * Connect (find the LMS, initialise the session) and read what the last session left. Called once.
   * `notSaved` is called whenever, later in the session, the LMS refuses to keep progress (a refused
   * commit, a refused status or score): the player then says so.
   */
  start(context: TrackingContext, notSaved?: () => void): Promise<StartResult>
  pageShown(page: PageInfo): void
  questionAnswered(record: QuestionRecord): void
  progressChanged(snapshot: ProgressSnapshot): void
  /** The page is being hidden (tab switch, app switch, maybe closing): save what is pending now. */
  flush(): void
  /** End the session. Safe to call more than once: only the first call counts. */
  finish(reason: FinishReason): Promise<void>
  /**
   * The learner typed a name for the certificate (the LMS gave none). The player keeps it with the
   * learner's progress (the resume string) in every adapter; an adapter may keep it beyond this course
   * too (the web package: one name for every course in this browser) and return it as learnerName.
   */
  rememberName?(name: string): void
}
