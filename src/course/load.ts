// Course folder → { course?, diagnostics }: the only reader of course files. Collects every problem; never stops early.
import { resolve } from 'node:path'
import { compareCodeUnits } from '../text.js'
import { collectAssets, resolvePath, type FileSet } from './assets.js'
import { parseConfig, type CertificateConfig, type PathRef } from './config.js'
import { normalizeNewlines } from './yaml.js'
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js'
import { courseRoot, entryDiagnostic, entrySize, listEntries, problemOf, readEntry, type CourseEntries } from './files.js'
import { readImageSizes } from './images.js'
import { parseModule, type Transcripts } from './markdown.js'
import type { Asset, Course, Module, ResourceRef, SourcePos, Theme } from './model.js'
import { listResources } from './resources.js'
import { stringsFor } from '../player/i18n.js'

export async function loadCourse(dir: string): Promise<{ course?: Course; diagnostics: Diagnostic[] }> {
  const root = resolve(dir)
  const diagnostics: Diagnostic[] = []
  const done = (course?: Course) => {
    // Sorted by file, line, col so the same course prints the same report every time (stable CI output and diffs).
    const sorted = sortDiagnostics(diagnostics)
    return course && !hasErrors(sorted) ? { course, diagnostics: sorted } : { diagnostics: sorted }
  }
  const realRoot = await courseRoot(root)
  const configRead = realRoot === undefined ? undefined : await readEntry(realRoot, 'course.yaml')
  if (!realRoot || !configRead || ('problem' in configRead && configRead.problem.kind === 'missing')) {
    diagnostics.push(diagnostic('course-missing', courseYamlStart))
    return done()
  }
  if ('problem' in configRead) {
    diagnostics.push(entryDiagnostic(configRead.problem, 'course.yaml', courseYamlStart))
    return done()
  }
  const { config, readable, diagnostics: configDiagnostics } = parseConfig(normalizeNewlines(configRead.text))
  diagnostics.push(...configDiagnostics)
  // Without a readable course.yaml we do not know which modules it lists; checking guesses would only add noise.
  if (!readable) return done()

  const entries = await listEntries(realRoot)
  const files = entries.files
  const assets: Asset[] = []
  for (const ref of config.assets) {
    const path = checkCoursePath(ref, files, diagnostics)
    if (path) assets.push({ path, at: ref.at })
  }
  const logoOf = (ref: PathRef | undefined): string | undefined => {
    const path = ref ? checkCoursePath(ref, files, diagnostics) : undefined
    if (path) assets.push({ path, at: ref!.at })
    return path
  }
  const themeLogo = logoOf(config.theme?.logo)
  const logo = logoOf(config.certificate?.logo) ?? themeLogo // the certificate shows the course's logo unless it names its own
  // The course's own theme.css, when there is one, is layered over the player's (the launch page links it last).
  // A theme.css that is a link out of the folder, a FIFO… is listed too, so the entry check below reports it.
  const themeCss = problemOf(entries, THEME_CSS)?.kind === 'missing' ? undefined : THEME_CSS
  if (themeCss) assets.push({ path: themeCss, at: { file: THEME_CSS, line: 1, col: 1 } })
  const theme: Theme = {
    ...(config.theme?.primary ? { primary: config.theme.primary } : {}),
    ...(config.theme?.accent ? { accent: config.theme.accent } : {}),
    ...(themeLogo ? { logo: themeLogo } : {}),
    ...(themeCss ? { css: themeCss } : {}),
  }

  const moduleFiles: { path: string; at?: SourcePos }[] = []
  if (config.modules) {
    const seen = new Set<string>()
    for (const ref of config.modules) {
      const path = checkCoursePath(ref, files, diagnostics)
      if (!path) continue
      if (seen.has(path)) diagnostics.push(diagnostic('module-listed-twice', ref.at, ref.path))
      else moduleFiles.push({ path, at: ref.at })
      seen.add(path)
    }
    if (config.modules.length === 0) diagnostics.push(diagnostic('modules-empty', config.modulesAt ?? courseYamlStart))
  } else {
    // Default order: every modules/*.md by file name, code-unit order so 01-, 02-… and every machine agree.
    // A folder named like a module (modules/x.md/) is listed too, so the entry check reports it instead of dropping it.
    const found = [...files].filter((f) => /^modules\/[^/]+\.md\/?$/.test(f)).map((f) => f.replace(/\/$/, '')).sort(compareCodeUnits)
    moduleFiles.push(...found.map((path) => ({ path })))
    if (found.length === 0) diagnostics.push(diagnostic('modules-empty', courseYamlStart))
  }

  const imageSizes = await readImageSizes(realRoot, entries)
  const transcripts: Transcripts = {
    texts: await readTranscripts(realRoot, entries),
    label: stringsFor(config.language, config.strings).transcript,
    compiled: new Map(),
  }
  const resourceRefs: ResourceRef[] = []
  const modules: Module[] = []
  const moduleIds = new Map<string, string>()
  for (const { path, at } of moduleFiles) {
    // Checked before it is opened: a FIFO, device or link out of the course is reported, never read.
    const listed = problemOf(entries, path)
    const read = listed ? { problem: listed } : await readEntry(realRoot, path)
    if ('problem' in read) {
      diagnostics.push(entryDiagnostic(read.problem, path, at ?? { file: path, line: 1, col: 1 }))
      continue
    }
    const parsed = parseModule(normalizeNewlines(read.text), { file: path, files, language: config.language, imageSizes, transcripts })
    diagnostics.push(...parsed.diagnostics)
    assets.push(...parsed.assets)
    resourceRefs.push(...parsed.resources)
    if (!parsed.module) continue
    const other = moduleIds.get(parsed.module.id)
    if (other) diagnostics.push(diagnostic('module-duplicate-id', parsed.idAt, parsed.module.id, other))
    else moduleIds.set(parsed.module.id, path)
    modules.push(parsed.module)
  }

  // Every file the course references (course.yaml assets, links, images, captions) must be a plain file inside the folder,
  // reported at each reference; build checks them again just before packaging (checkAssets).
  for (const a of assets) {
    const problem = problemOf(entries, a.path)
    if (problem) diagnostics.push(entryDiagnostic(problem, a.path, a.at))
  }

  // Module ids are unique and question ids unique per module, but dots in both can still collide (`a.b` + `c`, `a` + `b.c`).
  const questionIds = new Set<string>()
  for (const m of modules) for (const p of m.pages) for (const b of p.blocks) {
    if (b.type !== 'question') continue
    if (questionIds.has(b.question.id)) diagnostics.push(diagnostic('quiz-duplicate-id', b.question.at, b.question.id))
    questionIds.add(b.question.id)
  }

  if (hasErrors(diagnostics)) return done()
  const course: Course = {
    id: config.id,
    title: config.title,
    language: config.language,
    version: config.version,
    ...(config.description ? { description: config.description } : {}),
    ...(config.organization ? { organization: config.organization } : {}),
    ...(config.duration ? { duration: config.duration } : {}),
    passingScore: config.passingScore,
    ...(config.strings ? { strings: config.strings } : {}),
    sco: config.sco,
    ...(config.attempts !== undefined ? { attempts: config.attempts } : {}),
    ...(config.shuffle ? { shuffle: true } : {}),
    ...(config.scoAt ? { scoAt: config.scoAt } : {}),
    ...(config.xapiActivityId ? { xapiActivityId: config.xapiActivityId } : {}),
    ...(config.showAnswers === false ? { showAnswers: false as const } : {}),
    ...(config.retry ? { retry: config.retry } : {}),
    ...certificateOf(config.certificate, modules, logo),
    ...(Object.keys(theme).length > 0 ? { theme } : {}),
    modules,
    assets: collectAssets(assets),
    resources: await listResources(resourceRefs, (path) => entrySize(realRoot, path)),
    root: realRoot,
  }
  return done(course)
}

/** The course offers a certificate when course.yaml enables it, or by default when it has graded questions. */
function certificateOf(config: CertificateConfig | undefined, modules: Module[], logo: string | undefined): Pick<Course, 'certificate'> {
  const graded = modules.some((m) => m.graded && m.pages.some((p) => p.blocks.some((b) => b.type === 'question')))
  if (!(config?.enabled ?? graded)) return {}
  return {
    certificate: {
      ...(config?.title ? { title: config.title } : {}),
      ...(config?.signatory ? { signatory: config.signatory } : {}),
      ...(logo ? { logo } : {}),
    },
  }
}

/** The course folder's optional stylesheet over the player's default theme. */
const THEME_CSS = 'theme.css'

/** Every transcript file (`*.transcript.md`) in the course folder, by path; one that cannot be read is left out (no transcript). */
async function readTranscripts(realRoot: string, entries: CourseEntries): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  for (const path of entries.files) {
    if (!path.endsWith('.transcript.md') || problemOf(entries, path)) continue
    const read = await readEntry(realRoot, path)
    if ('text' in read) texts.set(path, read.text)
  }
  return texts
}

const courseYamlStart: SourcePos = { file: 'course.yaml', line: 1, col: 1 }

/** A path written in course.yaml, relative to the course folder: must stay inside it and exist. */
function checkCoursePath(ref: PathRef, files: FileSet, diagnostics: Diagnostic[]): string | undefined {
  const r = resolvePath(ref.path, 'course.yaml', files)
  if (r.kind === 'local') return r.path
  if (r.kind === 'escapes') diagnostics.push(diagnostic('link-escapes-course', ref.at, ref.path))
  else if (r.kind === 'missing') diagnostics.push(diagnostic('missing-file', ref.at, ref.path, r.suggestion))
  return undefined
}
