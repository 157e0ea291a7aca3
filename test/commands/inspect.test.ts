import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { captureIo } from '../helpers/io.js'
import { examplePackage } from '../helpers/examples.js'
import { sharedFile } from '../helpers/paths.js'
import { craftZip, SCO_HTML, SCORM12_MANIFEST } from '../inspect/hostile-zips.js'

let work: string
beforeAll(async () => { work = await mkdtemp(join(tmpdir(), 'coursepack-inspect-cmd-')) })

async function inspect(args: string[]) {
  const io = captureIo(work)
  const code = await main(['inspect', ...args], io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('coursepack inspect', () => {
  it('describes one of our packages and exits 0', async () => {
    const { code, out, err } = await inspect([examplePackage('trata-consulados', 'scorm2004')])
    expect(out).toMatch(/^\/.*trata-consulados-1\.0\.0-scorm2004\.zip: SCORM 2004 4th Edition, made by coursepack \(trata-consulados 1\.0\.0\)$/m)
    expect(out).toMatch(/^OK: no problems found\.$/m)
    expect(err).toBe('')
    expect(code).toBe(0)
  })

  it('--json prints the inspection with each problem\'s code, position and text; exit 1 when the package will not work', async () => {
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: SCORM12_MANIFEST().replace('</title>', '</titel>') }, { path: 'sco.html', data: SCO_HTML }])
    const { code, out } = await inspect([zip, '--json'])
    const json = JSON.parse(out)
    expect(json).toMatchObject({ ok: false, kind: 'scorm', refused: false, files: { count: 2 } })
    expect(json.problems).toEqual([{
      code: 'not-well-formed', severity: 'error', message: expect.stringMatching(/^is not well-formed XML: /), at: { file: 'imsmanifest.xml', line: 4, col: expect.any(Number) },
      text: expect.stringMatching(/^imsmanifest\.xml:4:\d+: error: is not well-formed XML: .* \[not-well-formed\]$/),
    }])
    expect(code).toBe(1)
  })

  it('says a manifest in a folder will not work (exit 1), in one line per problem', async () => {
    const { code, out } = await inspect([sharedFile('third-party-packages/moodle-import-negative/badscorm.zip')])
    expect(out).toMatch(/^ {2}badscorm\/imsmanifest\.xml: error: badscorm\/imsmanifest\.xml is inside a folder: .* \[manifest-not-at-root\]$/m)
    expect(out).toMatch(/^FAILED: this package will not work \(1 error\)\.$/m)
    expect(code).toBe(1)
  })

  it('a missing file is a usage error (exit 2)', async () => {
    const { code, err } = await inspect(['nope.zip'])
    expect(err).toBe('cannot read nope.zip: no such file or folder\n')
    expect(code).toBe(2)
  })
})
