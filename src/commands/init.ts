import { cp, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { templatesDir, toolRoot } from '../paths.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, type Io } from '../io.js'
import { displayDir } from './report.js'

/** A course id from a folder name: ASCII letters, digits, '.', '-', '_'. */
export function courseIdFromDir(dir: string): string {
  const slug = basename(resolve(dir)).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '')
  return slug || 'my-course'
}

/** CI services `init --ci` writes a workflow for: the template, and where in the repository it goes. */
export const CI_TEMPLATES = {
  github: { template: 'ci/github-actions.yml', path: '.github/workflows/coursepack.yml' },
} as const
export type CiService = keyof typeof CI_TEMPLATES

/** Writes the CI workflow into the course folder, pinned to this coursepack's version. */
async function writeCi(target: string, service: CiService): Promise<string> {
  const { template, path } = CI_TEMPLATES[service]
  const version = (JSON.parse(await readFile(join(toolRoot, 'package.json'), 'utf8')) as { version: string }).version
  const text = (await readFile(join(templatesDir, template), 'utf8')).replaceAll('{{coursepackVersion}}', version)
  await mkdir(join(target, ...path.split('/').slice(0, -1)), { recursive: true })
  await writeFile(join(target, path), text)
  return path
}

/** Copies the course skeleton into DIR (which must be new or empty) and names the course after the folder; `ci` adds a CI workflow. */
export async function initCommand(dir: string, io: Io, options: { ci?: CiService } = {}): Promise<number> {
  const target = resolve(io.cwd, dir)
  const shown = displayDir(dir, io.cwd)
  // Any other failure (no permission, read-only disk) is a system error: the CLI says it in one line.
  const found = await stat(target).catch((error: NodeJS.ErrnoException) => { if (error.code === 'ENOENT') return undefined; throw error })
  if (found && !found.isDirectory()) {
    io.err(`${shown} already exists and is not a folder. Choose a new folder name; coursepack init never overwrites files.\n`)
    return EXIT_COURSE_ERRORS
  }
  if (found && (await readdir(target)).length > 0) {
    io.err(`${shown} already exists and is not empty. Choose a new folder name, or empty it first; coursepack init never overwrites files.\n`)
    return EXIT_COURSE_ERRORS
  }
  await cp(join(templatesDir, 'course'), target, { recursive: true })
  // npm drops .gitignore files from published packages, so the skeleton carries it as _gitignore.
  await rename(join(target, '_gitignore'), join(target, '.gitignore')).catch(() => undefined)
  const configPath = join(target, 'course.yaml')
  const config = await readFile(configPath, 'utf8')
  await writeFile(configPath, config.replace(/^id:.*$/m, `id: ${courseIdFromDir(target)}`))
  const workflow = options.ci ? await writeCi(target, options.ci) : undefined
  io.out(`Created a new course in ${shown}${workflow ? `, with a CI workflow in ${shown}/${workflow}` : ''}.\nNext: edit ${shown}/course.yaml and ${shown}/modules/, then run\n  coursepack validate ${shown}\n  coursepack build ${shown}\n`)
  return EXIT_OK
}
