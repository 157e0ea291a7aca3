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

describe('coursepack inspect --schemas DIR', () => {
  const schemas = () => sharedFile('schemas')

  it.each(['scorm12', 'scorm2004', 'cmi5'] as const)('our %s package validates clean against the official XSDs in ../shared/schemas', async (target) => {
    const { code, out, err } = await inspect([examplePackage('prosecuting-trafficking', target), '--schemas', schemas(), '--json'])
    expect(err).toBe('')
    const report = JSON.parse(out)
    // The XSDs find nothing; the per-module SCORM 2004 package keeps its warning that Moodle records one SCO a visit.
    expect(report.problems.map((p: { code: string }) => p.code)).toEqual(target === 'scorm2004' ? ['scorm2004-multi-sco-moodle'] : [])
    expect(report.ok).toBe(true)
    expect(code).toBe(0)
  })

  it('a manifest the XSDs refuse gets schema-invalid with its line, in --json the same schema as the other problems', async () => {
    // An item without its required identifier: our own rules do not look for it, the IMS CP schema does.
    const manifest = SCORM12_MANIFEST().replace('<item identifier="i" identifierref="r">', '<item identifierref="r">')
    const zip = await craftZip([{ path: 'imsmanifest.xml', data: manifest }, { path: 'sco.html', data: SCO_HTML }])
    expect((await inspect([zip])).code).toBe(0)
    const { code, out } = await inspect([zip, '--schemas', schemas(), '--json'])
    const json = JSON.parse(out)
    expect(json.problems).toEqual([{
      code: 'schema-invalid', severity: 'warning', message: expect.stringMatching(/^not valid against its schema: .*'identifier'.*required/), at: { file: 'imsmanifest.xml', line: 4 },
      text: expect.stringMatching(/^imsmanifest\.xml:4:1: warning: not valid against its schema: .* \[schema-invalid\]$/),
    }])
    expect(json.ok).toBe(true)
    expect(code).toBe(0)
  })

  it('a folder that does not exist, or lacks the schema the package needs, is one line and exit 2', async () => {
    const missing = await inspect([examplePackage('trata-consulados', 'scorm12'), '--schemas', 'no-such-dir'])
    expect(missing.err).toBe('--schemas no-such-dir: no such folder (give the folder that holds the official XSDs, e.g. ../shared/schemas)\n')
    expect(missing.code).toBe(2)
    // ../shared/schemas has no schema for tincan.xml.
    const lacking = await inspect([examplePackage('trata-consulados', 'xapi'), '--schemas', schemas()])
    expect(lacking.err).toMatch(/^--schemas .*: it has no tincan\.xsd, the schema of http:\/\/projecttincan\.com\/tincan\.xsd that tincan\.xml uses \(copy the official control files into it\)\n$/)
    expect(lacking.out).toBe('')
    expect(lacking.code).toBe(2)
  })
})
