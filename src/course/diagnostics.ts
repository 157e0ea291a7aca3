// Diagnostics are data until the edge: every problem the loader finds, with the position of the author's text.
// Codes are permanent (people search for them and CI rules match them): add new ones, never rename.
// Messages follow Astro's rules: what happened, why, what to do; no position, no "Error:" prefix.
import { percentScore } from '../scores.js'
import { compareCodeUnits } from '../text.js'
import type { SourcePos } from './model.js'

/** How many of something a question may have (the limits are quiz.ts's). */
type Range = { readonly min: number; readonly max: number }

export type Severity = 'error' | 'warning'

export interface Diagnostic { code: string; severity: Severity; message: string; at: SourcePos }

const list = (items: readonly string[]): string => items.join(', ')
const didYouMean = (suggestion?: string): string => (suggestion ? ` Did you mean "${suggestion}"?` : '')

/** What a YAML syntax error means for the author: a plain sentence first, the parser's words only when nothing plainer fits. */
export type YamlProblem =
  | 'tab' | 'indentation' | 'colon-in-value' | 'reserved-start' | 'duplicate-key' | 'unclosed-quote' | 'unclosed-bracket' | 'other'

const yamlProblems: Record<YamlProblem, (detail: string) => string> = {
  tab: () =>
    'This line is indented with a tab, and YAML allows only spaces there. Replace tabs with spaces (most editors have a setting to insert spaces for the Tab key).',
  indentation: () =>
    'This line is indented differently from the lines around it, so YAML cannot tell what it belongs to. Line up keys of the same block (and the dashes of the same list) in one column; what belongs to a key goes two spaces further in.',
  'colon-in-value': () =>
    'This text contains ": ", which YAML reads as the start of another key. Put the whole value in quotes, for example `title: "Fire safety: the basics"`.',
  'reserved-start': (char) =>
    `A value cannot start with \`${char}\` unquoted, because YAML reserves that character. Put the value in quotes, for example \`title: "${char}…"\`.`,
  'duplicate-key': (key) =>
    `The key "${key}" is already set above in the same block, and YAML allows each key once. Keep one of them.`,
  'unclosed-quote': () =>
    'This quoted text is never closed. Add the closing quote at the end of the value (a value on one line ends on that line).',
  'unclosed-bracket': () =>
    'A list or mapping opened with `[` or `{` is not closed on its line. Add the closing `]` or `}`, or write the list as lines starting with `- `.',
  other: (detail) =>
    `This YAML cannot be read; check the indentation and quoting here. Text that contains ": " or starts with a special character such as \`*\`, \`&\`, \`[\` or \`{\` must be quoted. (The YAML parser says: ${detail}.)`,
}

/** 0.8 → 80, without float noise. */
const fractionAsPercent = (value: string): string => String(percentScore(Number(value)))

export const messages = {
  // The course folder and course.yaml
  'course-missing': () =>
    'This folder is not a course: it has no course.yaml. Run `coursepack init <folder>` to create one, or point the command at the folder that holds course.yaml.',
  'yaml-syntax': (problem: YamlProblem, detail: string) => (yamlProblems[problem] ?? yamlProblems.other)(detail),
  'yaml-not-mapping': (what: string, example: string) =>
    `${what} must be a set of \`key: value\` lines, such as \`${example}\`.`,
  'missing-field': (field: string, example: string, where?: string) =>
    `The required field \`${field}\` is missing. Add it${where ? ` ${where}` : ''}, for example \`${example}\`.`,
  'field-type': (field: string, expected: string) =>
    `\`${field}\` must be ${expected}.`,
  'unknown-key': (key: string, known: readonly string[], suggestion?: string) =>
    `"${key}" is not a key coursepack knows here, so it is ignored.${didYouMean(suggestion)} Known keys: ${list(known)}.`,
  'course-id-format': (id: string) =>
    `The course id "${id}" can only use ASCII letters, digits, \`.\`, \`-\` and \`_\`, because it ends up in LMS identifiers and file names. Keep it stable across versions, for example \`id: fire-safety-101\`.`,
  'language-format': (value: string) =>
    `"${value}" is not a BCP 47 language tag. Use a tag such as \`en\`, \`es\` or \`pt-BR\` (a hyphen, not an underscore).`,
  'language-unsupported': (value: string, supported: readonly string[]) =>
    `The player has no translation for "${value}", so its buttons and messages (Next, Submit, Results…) will show in English; the course's own text stays as written. Translated: ${list(supported)}.`,
  'version-format': (value: string) =>
    `"${value}" is not a semantic version. Use three numbers such as \`version: 1.0.0\` (quote it if YAML reads it as a number: \`version: "1.0.0"\`).`,
  'duration-format': (value: string) =>
    `"${value}" is not an ISO 8601 duration. Write it like \`PT4H\` (4 hours), \`PT45M\` (45 minutes) or \`PT1H30M\`.`,
  'passing-score-range': (value: string) =>
    `The passing score "${value}" must be a number from 0 to 100 (a percentage), for example \`passing_score: 80\`.`,
  'passing-score-fraction': (value: string) =>
    `The passing score ${value} reads as ${value} %, so almost any score would pass. \`passing_score\` is a percentage from 0 to 100: write \`passing_score: ${fractionAsPercent(value)}\` (SCORM's 0–1 scale is converted for you).`,
  'passing-score-quoted': (value: string) =>
    `The passing score is written in quotes ("${value.trim()}"), so YAML reads it as text, not a number. Drop the quotes: \`passing_score: ${value.trim()}\`.`,
  'attempts-value': (value: string) =>
    `The attempt limit "${value}" must be a whole number of at least 1, for example \`attempts: 3\` (after 3 failed attempts the learner cannot retry). Remove the line for no limit.`,
  'sco-value': (value: string, suggestion?: string) =>
    `"${value}" is not a SCORM packaging mode.${didYouMean(suggestion)} Use \`sco: single\` (one SCO for the whole course) or \`sco: per-module\` (one SCO per module).`,
  'graded-type': (value: string) =>
    `\`graded\` must be \`true\` or \`false\`, not "${value}". Use \`graded: false\` to make this module's questions practice only.`,
  'xapi-activity-id': (value: string) =>
    `The xAPI activity id "${value}" is not an absolute IRI. Use a URL you control that will not change, such as \`https://example.com/courses/fire-safety\`.`,
  'modules-empty': () =>
    'This course has no modules: `modules:` lists none and there is no `modules/*.md` file. Add a Markdown file to modules/, such as modules/01-intro.md.',
  'module-listed-twice': (path: string) =>
    `"${path}" is listed twice in \`modules:\`. Remove the second entry; a module appears once in the course.`,
  'theme-color': (key: string, written: string) =>
    `${written ? `"${written}" is not a colour coursepack can read` : 'This colour is empty'} for \`theme.${key}\`. Write \`#rrggbb\`, \`#rgb\` or \`rgb(r, g, b)\` in quotes, for example \`${key}: "#1a5599"\` (unquoted, YAML reads everything after \`#\` as a comment).`,
  'theme-contrast': (key: string, written: string, what: string, ratio: string, fix?: string) =>
    `The ${key} colour ${written} has a contrast of ${ratio}:1 with ${what}, and WCAG 2.1 AA needs 4.5:1 for text, so some learners could not read it. Use a colour with more contrast${fix ? `, such as the same hue darker: \`${key}: "${fix}"\`` : ''}.`,
  // Files and links
  'missing-file': (path: string, suggestion?: string) =>
    `"${path}" does not exist.${didYouMean(suggestion)} Names are case-sensitive in packages and on LMS servers; check the spelling and the path relative to this file.`,
  'link-escapes-course': (href: string, realPath?: string) => realPath
    ? `"${href}" leads outside the course folder through a symbolic link (to ${realPath}), and nothing outside it is read or packaged. Put a copy of the file here instead of the link.`
    : `"${href}" points outside the course folder. Copy the file into media/ and link to it there.`,
  'link-broken': (path: string, target: string) =>
    `"${path}" is a symbolic link to "${target}", which does not exist. Point the link at a file in the course folder, or put the file itself here.`,
  'path-is-folder': (path: string) =>
    `"${path}" is a folder, not a file. Name a file here: a module is a Markdown file such as modules/01-intro.md, media a file such as media/photo.jpg.`,
  'special-file': (path: string, what: string) =>
    `"${path}" is ${what}, not a regular file, so coursepack does not open it. Replace it with an ordinary file.`,
  'file-unreadable': (path: string, reason: string) =>
    `"${path}" cannot be read: ${reason}. Give your user read permission on it (for example \`chmod a+r ${path}\`).`,
  'image-no-alt': (href: string) =>
    `The image "${href}" has no alternative text, so screen reader users miss it. Describe it inside the brackets: \`![What the image shows](${href})\`; if it is purely decorative, use raw HTML with \`alt=""\`.`,
  'video-no-captions': (href: string, html: boolean) => {
    const vtt = href.replace(/\.[^./?#]*(?=[?#]|$)/, '.vtt')
    return html
      ? `The video "${href}" has no captions, so learners who cannot hear it (or watch with the sound off) miss what is said. Add a captions track inside the \`<video>\`, such as \`<track kind="captions" srclang="en" label="English" src="${vtt}" default>\`, or embed it with \`![What the video shows](${href})\` and put \`${vtt}\` beside it.`
      : `The video "${href}" has no captions, so learners who cannot hear it (or watch with the sound off) miss what is said. Put a WebVTT captions file beside it, named like the video: \`${vtt}\` for captions in the course language, or \`${vtt.replace(/\.vtt$/, '.en.vtt')}\` for another language (any language tag); it is picked up by itself.`
  },
  // Modules and pages
  'front-matter-unclosed': () =>
    'The front matter that starts on this line is never closed. End it with a line containing only `---` before the Markdown starts.',
  'module-id-format': (id: string) =>
    `The module id "${id}" can only use ASCII letters, digits, \`.\`, \`-\` and \`_\` and must start with a letter or digit, because it becomes part of SCORM identifiers. For example \`id: intro\`.`,
  'bank-draw': (value: string) =>
    `The bank draw "${value}" must be a whole number of at least 1: how many of this module's graded questions each attempt shows, for example \`bank: { draw: 5 }\`.`,
  'bank-draw-too-many': (draw: number, pool: number) =>
    `This bank draws ${draw} question${draw === 1 ? '' : 's'} but the module has only ${pool} graded question${pool === 1 ? '' : 's'} to draw from. Lower \`draw\` to at most ${pool}, or add questions to the module.`,
  'bank-not-graded': () =>
    'This module is a question bank but `graded: false`, and practice questions are never drawn. Remove `graded: false`, or remove `bank:`.',
  'module-duplicate-id': (id: string, other: string) =>
    `Another module, ${other}, already has the id "${id}". Module ids must be unique in the course: set a different \`id:\` in this module's front matter.`,
  'text-before-heading': () =>
    'This text comes before the first page heading, so it belongs to no page. Start the page with a level-1 heading (`# Title`) above it, or move the text below one.',
  'module-no-pages': () =>
    'This module has no pages. Each level-1 heading (`# Title`) starts a page; add at least one.',
  // Questions
  'quiz-type': (value: string, types: readonly string[], suggestion?: string) =>
    `"${value}" is not a question type.${didYouMean(suggestion)} Use one of: ${list(types)}.`,
  'quiz-no-correct': () => 'This question has no correct choice. Mark at least one with `correct: true`.',
  'quiz-single-many-correct': () =>
    'This single-choice question has more than one correct choice. Keep one `correct: true`, or use `type: multiple` if several answers are right.',
  'quiz-choice-count': (count: number, range: Range) =>
    `This question has ${count} choice${count === 1 ? '' : 's'}; it needs from ${range.min} to ${range.max} (SCORM 1.2 names choices with single characters a–z and 0–9).`,
  'quiz-duplicate-choice': (text: string) =>
    `The choice "${text}" appears twice in this question, so learners cannot tell them apart. Reword or remove one.`,
  'quiz-pair-count': (count: number, range: Range) =>
    `This matching question has ${count} pair${count === 1 ? '' : 's'}; it needs from ${range.min} to ${range.max}, each like \`- { left: Forced labour, right: Withheld wages }\`.`,
  'quiz-item-count': (count: number, range: Range) =>
    `This ordering question has ${count} item${count === 1 ? '' : 's'}; it needs from ${range.min} to ${range.max}, listed in the correct order, such as \`items: [Identify, Refer, Follow up]\`.`,
  'quiz-distractor-count': (count: number, max: number) =>
    `This matching question has ${count} distractors; it can have at most ${max} (extra right-hand items that match nothing). Remove some.`,
  'quiz-duplicate-text': (text: string) =>
    `"${text}" appears twice in this question, so learners cannot tell the two apart (and one answer would be scored as the other). Reword or remove one.`,
  'quiz-partial-type': (type: string) =>
    `\`partial\` gives credit for the correct parts of an answer, and a ${type} question has no parts. Remove \`partial\`, or use it on a matching or ordering question.`,
  'quiz-shuffle-type': (type: string) =>
    type === 'ordering'
      ? 'An ordering question always starts shuffled, so `shuffle` does nothing here. Remove it.'
      : `A ${type} question has no choices to shuffle. Remove \`shuffle\`; it works on single, multiple and matching questions.`,
  'quiz-weight': (value: string) =>
    `The weight "${value}" must be a positive number, for example \`weight: 2\` to count this question twice.`,
  'quiz-answers': () =>
    'A fill-in question needs `answers:`, a list of accepted answers that are not empty, for example `answers: [Madrid, madrid city]`. They are compared trimmed and ignoring case.',
  'quiz-id-format': (id: string) =>
    `The question id "${id}" can only use ASCII letters, digits, \`.\`, \`-\` and \`_\` and must start with a letter or digit, because it becomes a SCORM identifier. For example \`id: capital-of-spain\`.`,
  'quiz-nested': () =>
    'This quiz block is inside a list or a quote, so it would show as code instead of a question. Move the fence to the start of a line, outside the list or quote.',
  'quiz-duplicate-id': (id: string) =>
    `Another question already uses the id "${id}"; question ids must be unique (a question without \`id:\` is named q1, q2… by its position in the module). Give this question a different \`id:\`.`,
  // Findings about a course for one target, known only when building for it
  'scorm2004-per-module-moodle': () =>
    'Each module is its own SCO, which SCORM 2004 allows but Moodle does not run (seen in Moodle 5.1): its player makes one SCORM 2004 API per page, so after the first module ends every other module opened in that page fails to start (error 104) and is not recorded. For Moodle, build this course with `--target scorm12` (each module is tracked), or set `sco: single` for SCORM 2004.',
} satisfies Record<string, (...args: never[]) => string>

export type Code = keyof typeof messages

// The few findings that do not stop a build; everything else is an error.
const warnings: ReadonlySet<Code> = new Set<Code>(['unknown-key', 'video-no-captions', 'scorm2004-per-module-moodle', 'quiz-shuffle-type', 'language-unsupported'])

/** Makes a diagnostic from the catalogue: the arguments are those of the code's message. */
export function diagnostic<C extends Code>(code: C, at: SourcePos, ...args: Parameters<(typeof messages)[C]>): Diagnostic {
  const message = (messages[code] as (...a: Parameters<(typeof messages)[C]>) => string)(...args)
  return { code, severity: warnings.has(code) ? 'warning' : 'error', message, at }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** `file:line:col: severity: message [code]`, the form editors and CI annotations link; base is the course dir as typed. */
export function formatDiagnostic(d: Diagnostic, base?: string): string {
  const prefix = base ? base.replace(/\\/g, '/').replace(/\/+$/, '') + '/' : ''
  return `${prefix}${d.at.file}:${d.at.line}:${d.at.col}: ${d.severity}: ${d.message} [${d.code}]`
}

/** By file, line, col (code-unit order, not locale): the same course always prints the same report, so CI output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Array.prototype.sort is stable: findings at the same position keep the order they were found in.
  return [...diagnostics].sort((a, b) => compareCodeUnits(a.at.file, b.at.file) || a.at.line - b.at.line || a.at.col - b.at.col)
}
