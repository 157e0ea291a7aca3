// `coursepack diff OLD.zip NEW`: whether learners mid-course on the old package keep their progress when
// the new one replaces it in the LMS. An LMS keys tracks by SCO/AU identifier (Moodle clears them when
// one changes) and, for xAPI and cmi5, by activity and course ids; inside an attempt the player keys
// its resume data by page and question ids. So: the same kind, the same SCO/AU ids and course id are
// required ("safe": replace the package); pages and questions added, removed, moved or reworded are
// reported with what happens to a learner's bookmark and answers, and do not make it unsafe.
import type { PlayerData, PlayerQuestion } from '../player/data.js'
import { questionShape } from '../player/progress.js'
import type { Inspection } from './index.js'

export interface PackageSide { inspection: Inspection; data?: PlayerData }

export interface DiffReport {
  /** Safe to upload over the old package ("replace the package" in Moodle); false needs a new activity. */
  safe: boolean
  old: { file: string; standard: string; course?: string }
  new: { file: string; standard: string; course?: string }
  /** Why it is not safe, one line each. */
  reasons: string[]
  /** What changes for a learner mid-course, one line each (safe or not). */
  changes: string[]
  units: { removed: string[]; added: string[] }
  pages: { added: string[]; removed: string[]; moved: string[] }
  questions: { added: string[]; removed: string[]; reworded: string[]; changedAnswers: string[] }
}

/** The resume format a package's player writes; packages made before course.js named it wrote `cp1`. */
const resumeFormat = (d: PlayerData): string => d.resume ?? 'cp1'

const pageIds = (d: PlayerData | undefined) => (d ? d.modules.flatMap((m) => m.pages.map((p) => p.id)) : [])
const questionsOf = (d: PlayerData | undefined): Map<string, PlayerQuestion> =>
  new Map(d ? d.modules.flatMap((m) => m.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'question' ? [[b.question.id, b.question] as const] : [])))) : [])

const list = (names: string[]) => names.slice(0, 8).join(', ') + (names.length > 8 ? `, … (${names.length - 8} more)` : '')

export function diffPackages(before: PackageSide, after: PackageSide): DiffReport {
  const a = before.inspection
  const b = after.inspection
  const reasons: string[] = []
  const changes: string[] = []
  if (!a.ok) reasons.push(`${a.file} does not inspect clean (run coursepack inspect on it)`)
  if (!b.ok) reasons.push(`${b.file} does not inspect clean (run coursepack inspect on it)`)
  if (a.kind !== b.kind) reasons.push(`the standard changes from ${a.standard} to ${b.standard}: an LMS needs a new activity`)
  if (a.identifier !== b.identifier && (a.kind === 'xapi' || a.kind === 'cmi5')) {
    reasons.push(`the ${a.kind === 'cmi5' ? 'course' : 'activity'} id changes from ${a.identifier} to ${b.identifier}: the LRS keeps the old learners' state under the old id`)
  }
  const oldUnits = a.launches.map((l) => l.id)
  const newUnits = new Set(b.launches.map((l) => l.id))
  const removedUnits = oldUnits.filter((id) => !newUnits.has(id))
  const addedUnits = [...newUnits].filter((id) => !oldUnits.includes(id))
  if (removedUnits.length) reasons.push(`${removedUnits.length === 1 ? 'a SCO/AU identifier is' : `${removedUnits.length} SCO/AU identifiers are`} gone or changed (${list(removedUnits)}): the LMS drops the tracks of learners in ${removedUnits.length === 1 ? 'it' : 'them'} (Moodle clears a SCO's tracks when its identifier changes)`)
  if (addedUnits.length) changes.push(`new SCOs/AUs: ${list(addedUnits)} (learners start them fresh)`)
  if (!before.data || !after.data) {
    changes.push('one side was not made by coursepack: only the SCO/AU identifiers and the standard are compared')
  } else {
    if (before.data.course.id !== after.data.course.id) {
      reasons.push(`the course id changes from ${before.data.course.id} to ${after.data.course.id}: the player's saved progress belongs to the old id`)
    }
    const [was, is] = [resumeFormat(before.data), resumeFormat(after.data)]
    if (was !== is) {
      reasons.push(`the player's resume data changes format (${was} → ${is}): learners mid-course reopen at their bookmark with their answers and seen pages gone (build the new version with the coursepack that made the old one, or add it as a new activity)`)
    }
  }

  const oldPages = pageIds(before.data)
  const newPages = pageIds(after.data)
  const newSet = new Set(newPages)
  const oldSet = new Set(oldPages)
  const removedPages = oldPages.filter((p) => !newSet.has(p))
  const addedPages = newPages.filter((p) => !oldSet.has(p))
  const kept = oldPages.filter((p) => newSet.has(p))
  const keptNew = newPages.filter((p) => oldSet.has(p))
  const moved = kept.filter((p, i) => keptNew[i] !== p)
  if (addedPages.length) changes.push(`pages added: ${list(addedPages)} (a learner past them is not sent back; they count for completion)`)
  if (removedPages.length) changes.push(`pages removed: ${list(removedPages)} (a bookmark on one opens the course at the next page that remains)`)
  if (moved.length) changes.push(`pages in a new order: ${list(moved)} (bookmarks follow the page, by its id)`)

  const oldQ = questionsOf(before.data)
  const newQ = questionsOf(after.data)
  const removedQ = [...oldQ.keys()].filter((id) => !newQ.has(id))
  const addedQ = [...newQ.keys()].filter((id) => !oldQ.has(id))
  const reworded: string[] = []
  const changedAnswers: string[] = []
  for (const [id, q] of oldQ) {
    const n = newQ.get(id)
    if (!n) continue
    if (questionShape(q) !== questionShape(n)) changedAnswers.push(id) // the player's resume key: another shape drops the answer
    else if (JSON.stringify(q) !== JSON.stringify(n)) reworded.push(id) // the prompt, a choice or feedback
  }
  if (removedQ.length) changes.push(`questions removed: ${list(removedQ)} (their answers are dropped; the score counts the questions that remain)`)
  if (addedQ.length) changes.push(`questions added: ${list(addedQ)} (unanswered for learners mid-course)`)
  if (reworded.length) changes.push(`questions reworded: ${list(reworded)} (answers kept: same id, type and number of parts; a stored choice keeps its position, so check a reworded choice still means what it did)`)
  if (changedAnswers.length) changes.push(`questions whose type or number of parts changed: ${list(changedAnswers)} (a stored answer no longer fits: the learner answers again)`)

  const side = (s: PackageSide) => ({ file: s.inspection.file, standard: s.inspection.standard, ...(s.data ? { course: `${s.data.course.id} ${s.data.course.version}` } : {}) })
  return {
    safe: reasons.length === 0, old: side(before), new: side(after), reasons, changes,
    units: { removed: removedUnits, added: addedUnits },
    pages: { added: addedPages, removed: removedPages, moved },
    questions: { added: addedQ, removed: removedQ, reworded, changedAnswers },
  }
}

export function formatDiff(d: DiffReport): string {
  const lines = [`${d.old.file} (${d.old.standard}${d.old.course ? `, ${d.old.course}` : ''}) → ${d.new.file} (${d.new.standard}${d.new.course ? `, ${d.new.course}` : ''})`]
  for (const r of d.reasons) lines.push(`  ✗ ${r}`)
  for (const c of d.changes) lines.push(`  · ${c}`)
  lines.push(d.safe
    ? 'SAFE: upload it over the old package ("replace the package" in Moodle); learners mid-course keep their place, answers and score.'
    : 'NOT SAFE: learners mid-course would lose their progress; add it as a new activity, or undo the changes above.')
  return lines.join('\n') + '\n'
}
