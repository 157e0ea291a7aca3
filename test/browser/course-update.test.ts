// A learner mid-course when the author replaces the package with version 2 (Moodle's "replace the
// package": the files change, the learner's track stays). The lab serves the unpacked folder from disk
// on every request, so writing version 2's files over version 1's between two launches of one attempt
// is that replacement; the player runs against scorm-again and reads back the suspend data version 1 wrote.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildCourse } from '../../src/build.js'
import { main } from '../../src/cli.js'
import { readLaunch } from '../../src/lab/standards.js'
import { startLab, type Lab } from '../../src/lab/server.js'
import type { PlayerData } from '../../src/player/data.js'
import { stringsFor } from '../../src/player/i18n.js'
import { buildScope } from '../../src/player/progress.js'
import { decodeState } from '../../src/player/suspend.js'
import { launchBrowser } from '../helpers/browser.js'
import { TRATA_V2, writeTrataV2 } from '../helpers/course-v2.js'
import { examplePackage } from '../helpers/examples.js'
import { captureIo } from '../helpers/io.js'
import { committed, course, expectClean, firstRead, goToPage, hasRead, logWhen, openInLab, press, setValues } from '../helpers/lab-scorm.js'
import { expectStartPage, learnerOn, packageData, questionsOf } from '../helpers/learner.js'
import { unpack } from '../helpers/lms.js'

let browser: Browser
let lab: Lab
let page: Page | undefined
beforeAll(async () => { [browser, lab] = await Promise.all([launchBrowser(), startLab()]) })
afterAll(async () => { await page?.close(); await browser?.close(); await lab?.close() })

/** Replaces the package's files in place with another version's, as an LMS does on "replace the package". */
async function replaceFiles(dir: string, by: string): Promise<void> {
  for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true })
  await cp(by, dir, { recursive: true })
}

describe('trata-consulados (SCORM 1.2) updated to version 2 while a learner is mid-course', () => {
  const v1Zip = () => examplePackage('trata-consulados', 'scorm12')
  let work: string
  let v2Source: string
  let v2Dir: string

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'coursepack-update-'))
    v2Source = await writeTrataV2(join(work, 'v2'))
    const built = await buildCourse(v2Source, { targets: ['scorm12'], outDir: join(work, 'out') })
    expect(built.outputs).toHaveLength(1)
    v2Dir = await unpack(built.outputs[0]!.path)
  })
  afterAll(async () => { if (work) await rm(work, { recursive: true, force: true }) })

  it('keeps the bookmark and the answers, drops only the removed question, as `coursepack diff` says', async () => {
    // What diff promises for this update: safe, one question removed, one reworded, a page added.
    const io = captureIo(work)
    expect(await main(['diff', v1Zip(), v2Source, '--json'], io)).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report).toMatchObject({ safe: true, questions: { removed: [TRATA_V2.removedQuestion], reworded: [TRATA_V2.rewordedQuestion], changedAnswers: [] } })
    expect(report.pages.added).toHaveLength(1)

    const dir = await unpack(v1Zip())
    const [v1, v2]: PlayerData[] = await Promise.all([packageData(dir), packageData(v2Dir)])
    const names = stringsFor(v1.course.language)
    // Version 1: the learner answers every question up to the end of identificacion (the removed and
    // the reworded question among them), goes on to asistencia's first page and leaves there.
    const upTo = v1.modules.findIndex((m) => m.id === 'identificacion')
    const answeredPages = v1.modules.slice(0, upTo + 1).flatMap((m) => m.pages)
    const answered = answeredPages.flatMap(questionsOf)
    expect(answered.map((q) => q.id)).toEqual(expect.arrayContaining([TRATA_V2.removedQuestion, TRATA_V2.rewordedQuestion]))
    const bookmark = v1.modules.find((m) => m.id === TRATA_V2.movedModule)!.pages[0]!
    expect(v1.modules[upTo + 1]!.id).toBe(TRATA_V2.movedModule)

    page = await openInLab(browser, lab, { dir, target: 'scorm12', launch: await readLaunch(dir, 'scorm12') })
    const sco = course(page)
    for (const p of answeredPages) {
      await learnerOn(sco, v1).expectPage(p.title)
      for (const q of questionsOf(p)) await learnerOn(sco, v1).answer(q, true)
      await sco.getByRole('button', { name: names.next, exact: true }).click()
    }
    await learnerOn(sco, v1).expectPage(bookmark.title)
    const left = await logWhen(lab, (l) => committed(l, 0, 'cmi.core.lesson_location') === `${TRATA_V2.movedModule}/${bookmark.id}`)
    const v1State = decodeState(buildScope(v1, null), committed(left, 0, 'cmi.suspend_data')!)
    expect([...v1State!.answers.keys()].sort()).toEqual(answered.map((q) => q.id).sort())

    // The author replaces the package; the learner comes back (the SCO of version 1 ends on unload).
    await replaceFiles(dir, v2Dir)
    await press(page, 'Leave and relaunch')
    const log = await logWhen(lab, (l) => l.sessions[0]?.finished === true && l.sessions.length === 2 && hasRead(l, 1, 'cmi.suspend_data'))
    expect(firstRead(log, 1, 'cmi.core.entry')?.result).toBe('resume')
    expect(firstRead(log, 1, 'cmi.suspend_data')?.result).toBe(setValues(log, 0, 'cmi.suspend_data').at(-1))

    // Version 2 opens with Continue and lands on the bookmarked page, whose module is now last.
    expect(v2.modules.at(-1)!.id).toBe(TRATA_V2.movedModule)
    await expectStartPage(sco, v2, v2.course.title, true)
    await learnerOn(sco, v2).expectPage(bookmark.title)

    // The reworded question keeps its answer under its new prompt; the removed one is gone from the page.
    const entrevista = v2.modules.flatMap((m) => m.pages).find((p) => questionsOf(p).some((q) => q.id === TRATA_V2.rewordedQuestion))!
    const reworded = questionsOf(entrevista).find((q) => q.id === TRATA_V2.rewordedQuestion)!
    expect(reworded.prompt).not.toBe(answered.find((q) => q.id === TRATA_V2.rewordedQuestion)!.prompt)
    await goToPage(sco, entrevista.title, names.contents)
    await learnerOn(sco, v2).expectPage(entrevista.title)
    const group = sco.getByRole('group', { name: reworded.prompt, exact: true })
    expect(reworded.type).toBe('single')
    if (reworded.type === 'single') await expect.poll(() => group.getByRole('radio', { name: reworded.choices.find((c) => c.correct)!.text, exact: true }).isChecked()).toBe(true)
    expect(await sco.getByRole('group').count()).toBe(questionsOf(entrevista).length)

    // What version 2 stores after the move: every answer of version 1 but the removed question's, no reset.
    const after = await logWhen(lab, (l) => committed(l, 1, 'cmi.core.lesson_location') === `identificacion/${entrevista.id}`)
    const v2State = decodeState(buildScope(v2, null), committed(after, 1, 'cmi.suspend_data')!)
    const kept = answered.map((q) => q.id).filter((id) => id !== TRATA_V2.removedQuestion).sort()
    expect([...v2State!.answers.keys()].sort()).toEqual(kept)
    expect(v2State!.seed).toBe(v1State!.seed)
    expect(v2State!.attempt).toBe(1)
    expectClean(after)
  }, 180_000) // some twenty page turns and answers, then a relaunch: minutes on a loaded machine
})
