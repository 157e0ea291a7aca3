import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { coursesDir, fixturesDir, repoRoot } from '../helpers/paths.js'

const badCases = readdirSync(join(fixturesDir, 'bad')).sort()

describe('coursepack validate', () => {
  it.each(['prosecuting-trafficking', 'trata-consulados'])('finds no problem in the example course %s', async (name) => {
    const io = captureIo(repoRoot)
    expect(await main(['validate', join('courses', name)], io)).toBe(0)
    expect(io.stdout).toBe(`courses/${name}: no problems found.\n`)
    expect(io.stderr).toBe('')
  })

  it.each(badCases)('reports the bad course %s as file:line:col lines and exits 1', async (name) => {
    const io = captureIo(repoRoot)
    expect(await main(['validate', `test/fixtures/bad/${name}`], io)).toBe(1)
    const lines = io.stderr.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines.slice(0, -1)) expect(line).toMatch(new RegExp(`^test/fixtures/bad/${name}/[^:]+:\\d+:\\d+: (error|warning): .+ \\[[a-z-]+\\]$`))
    expect(lines.at(-1)).toMatch(/\d+ errors?, \d+ warnings?\.$/)
  })

  it('gives every problem with its position in --json', async () => {
    const io = captureIo(repoRoot)
    expect(await main(['validate', 'test/fixtures/bad/quiz-no-correct', '--json'], io)).toBe(1)
    const report = JSON.parse(io.stdout)
    expect(report.ok).toBe(false)
    expect(report.diagnostics[0]).toMatchObject({ code: 'quiz-no-correct', severity: 'error', at: { file: expect.stringMatching(/^test\/fixtures\/bad\/quiz-no-correct\//) } })
  })

  it('treats a missing argument as a usage error', async () => {
    const io = captureIo(coursesDir)
    expect(await main(['validate'], io)).toBe(2)
    expect(io.stderr).toMatch(/missing required argument/)
  })
})
