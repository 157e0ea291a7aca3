// Course folder → { course?, diagnostics }: the only reader of course files. Collects every problem; never stops early.
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { collectAssets, compareCodeUnits, resolvePath, type FileSet } from './assets.js'
import { normalizeNewlines, parseConfig, type PathRef } from './config.js'
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js'
import { parseModule } from './markdown.js'
import type { Asset, Course, Module, SourcePos } from './model.js'

export async function loadCourse(dir: string): Promise<{ course?: Course; diagnostics: Diagnostic[] }> {
  const root = resolve(dir)
  const diagnostics: Diagnostic[] = []
  const done = (course?: Course) => {
    // Sorted by file, line, col so the same course prints the same report every time (stable CI output and diffs).
    const sorted = sortDiagnostics(diagnostics)
    return course && !hasErrors(sorted) ? { course, diagnostics: sorted } : { diagnostics: sorted }
  }
  const configText = await readText(join(root, 'course.yaml'))
  if (configText === undefined) {
    diagnostics.push(diagnostic('course-missing', { file: 'course.yaml', line: 1, col: 1 }))
    return done()
  }
  const { config, readable, diagnostics: configDiagnostics } = parseConfig(configText)
  diagnostics.push(...configDiagnostics)
  // Without a readable course.yaml we do not know which modules it lists; checking guesses would only add noise.
  if (!readable) return done()

  const files = await listFiles(root)
  const assets: Asset[] = []
  for (const ref of config.assets) {
    const path = checkCoursePath(ref, files, diagnostics)
    if (path) assets.push({ path, at: ref.at })
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
    const found = [...files].filter((f) => /^modules\/[^/]+\.md$/.test(f)).sort(compareCodeUnits)
    moduleFiles.push(...found.map((path) => ({ path })))
    if (found.length === 0) diagnostics.push(diagnostic('modules-empty', courseYamlStart))
  }

  const modules: Module[] = []
  const moduleIds = new Map<string, string>()
  for (const { path } of moduleFiles) {
    const text = await readText(join(root, path))
    if (text === undefined) continue // listed files were checked above; a file removed meanwhile is not worth a report
    const parsed = parseModule(text, { file: path, files, language: config.language })
    diagnostics.push(...parsed.diagnostics)
    assets.push(...parsed.assets)
    if (!parsed.module) continue
    const other = moduleIds.get(parsed.module.id)
    if (other) diagnostics.push(diagnostic('module-duplicate-id', parsed.idAt, parsed.module.id, other))
    else moduleIds.set(parsed.module.id, path)
    modules.push(parsed.module)
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
    sco: config.sco,
    ...(config.scoAt ? { scoAt: config.scoAt } : {}),
    ...(config.xapiActivityId ? { xapiActivityId: config.xapiActivityId } : {}),
    modules,
    assets: collectAssets(assets),
    root,
  }
  return done(course)
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

async function readText(path: string): Promise<string | undefined> {
  try {
    return normalizeNewlines(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
}

// Never part of a course: version control and dependencies.
const skippedDirs = new Set(['.git', 'node_modules'])

/** Every file under the course folder, posix paths relative to it, spelled as the directory listing spells them. */
async function listFiles(root: string): Promise<Set<string>> {
  const files = new Set<string>()
  const walk = async (rel: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name)) await walk(path)
      } else if (entry.isFile() || entry.isSymbolicLink()) files.add(path)
    }
  }
  await walk('')
  return files
}
