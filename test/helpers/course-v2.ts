// Version 2 of an example course, as an author would publish it over version 1: the `diff` command's
// tests and the browser test that resumes a version 1 attempt on version 2 use this one edit.
import { appendFile, cp, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { coursesDir } from './paths.js'

/** What version 2 changes, by the ids `diff` reports and the titles the learner sees. */
export const TRATA_V2 = {
  addedPage: 'Una página nueva',
  removedQuestion: 'identificacion.cons-edad',
  rewordedQuestion: 'identificacion.cons-entrevista',
  /** The module moved from second to last (its file renamed from 02- to 04-). */
  movedModule: 'asistencia',
} as const

/**
 * Copies trata-consulados into `dir` and edits it: a page added (to marco-juridico), a question
 * reworded (cons-entrevista) and one removed (cons-edad), and two modules swapped (asistencia goes last).
 */
export async function writeTrataV2(dir: string): Promise<string> {
  await cp(join(coursesDir, 'trata-consulados'), dir, { recursive: true })
  await appendFile(join(dir, 'modules/03-marco-juridico.md'), `\n# ${TRATA_V2.addedPage}\n\nTexto nuevo.\n`)
  const identificacion = join(dir, 'modules/01-identificacion.md')
  const text = await readFile(identificacion, 'utf8')
  const edited = text.replace('¿qué habría sido un error', '¿cuál habría sido un error').replace(/```quiz\nid: cons-edad\n[\s\S]*?```\n/, '')
  if (edited.length >= text.length) throw new Error('trata-consulados changed: version 2 no longer rewords cons-entrevista and removes cons-edad')
  await writeFile(identificacion, edited)
  await rename(join(dir, 'modules/02-asistencia.md'), join(dir, 'modules/04-asistencia.md'))
  return dir
}
