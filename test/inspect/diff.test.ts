// diffPackages on what readPackage finds: the cases a zip built today cannot show (an older player).
import { describe, expect, it } from 'vitest'
import { RESUME_FORMAT } from '../../src/player/data.js'
import { diffPackages } from '../../src/inspect/diff.js'
import { readPackage } from '../../src/inspect/index.js'
import { examplePackage } from '../helpers/examples.js'

describe('diffPackages', () => {
  it('a package whose player wrote the older resume format (no `resume` in course.js) is not safe under today\'s player: answers would be lost', async () => {
    const today = await readPackage(examplePackage('trata-consulados', 'scorm12'), { displayName: 'trata.zip' })
    expect(today.data?.resume).toBe(RESUME_FORMAT)
    const older = { ...today, data: { ...today.data!, resume: undefined } }
    const report = diffPackages(older, today)
    expect(report.safe).toBe(false)
    expect(report.reasons).toEqual([expect.stringContaining(`the player's resume data changes format (cp1 → ${RESUME_FORMAT})`)])
    expect(diffPackages(today, today)).toMatchObject({ safe: true, reasons: [] })
  })

  it('a choice reworded under the same id is reported (its stored answer keeps the position), not silently passed over', async () => {
    const before = await readPackage(examplePackage('trata-consulados', 'scorm12'), { displayName: 'trata.zip' })
    const after = structuredClone(before)
    const q = after.data!.modules.flatMap((m) => m.pages.flatMap((p) => p.blocks)).flatMap((b) => (b.type === 'question' && b.question.type === 'single' ? [b.question] : []))[0]!
    q.choices[0]!.text = `${q.choices[0]!.text} (reworded)`
    const report = diffPackages(before, after)
    expect(report.questions.reworded).toEqual([q.id])
    expect(report.safe).toBe(true)
  })
})
