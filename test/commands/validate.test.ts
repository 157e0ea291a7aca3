import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { removeCourseFolders, writeCourseFolder } from '../helpers/course-folder.js'
import { coursesDir, fixturesDir, repoRoot } from '../helpers/paths.js'

const badCases = readdirSync(join(fixturesDir, 'bad')).sort()

afterEach(removeCourseFolders)

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

  it('an image without alt text fails validate; a video without captions is a warning it passes with (issue 12, item 8)', async () => {
    const course = (body: string) => writeCourseFolder({
      'course.yaml': 'id: curso\ntitle: Curso\nlanguage: es\nversion: 1.0.0\n',
      'modules/01-a.md': `---\ntitle: A\n---\n# Uno\n\n${body}\n`,
      'media/mapa.png': Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
      'media/clip.mp4': Buffer.alloc(8),
    })
    const noAlt = captureIo(repoRoot)
    expect(await main(['validate', await course('![](../media/mapa.png)')], noAlt)).toBe(1)
    expect(noAlt.stderr).toMatch(/modules\/01-a\.md:6:3: error: .+ \[image-no-alt\]\n/)
    const noCaptions = captureIo(repoRoot)
    expect(await main(['validate', await course('![La entrevista](../media/clip.mp4)')], noCaptions)).toBe(0)
    expect(noCaptions.stderr).toMatch(/modules\/01-a\.md:6:3: warning: .+ \[video-no-captions\]\n/)
  })

  it('treats a missing argument as a usage error', async () => {
    const io = captureIo(coursesDir)
    expect(await main(['validate'], io)).toBe(2)
    expect(io.stderr).toMatch(/missing required argument/)
  })
})
