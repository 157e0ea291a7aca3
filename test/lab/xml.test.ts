import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manifestLaunches, manifestVersion } from '../../src/lab/package.js'
import { readLaunch } from '../../src/lab/standards.js'
import { ControlFileError, parseXml, readControlFile, XML_LIMITS } from '../../src/lab/xml.js'

function refusal(text: string): string {
  try {
    parseXml(text, 'imsmanifest.xml')
  } catch (error) {
    expect(error).toBeInstanceOf(ControlFileError)
    return (error as Error).message
  }
  throw new Error('parsed')
}

describe('the control-file reader', () => {
  it('says where a character reference beyond Unicode is, instead of throwing a RangeError', () => {
    expect(refusal('<manifest>\n  <title>&#x110000;</title></manifest>')).toBe('imsmanifest.xml:2:19: is not well-formed XML: malformed character entity')
  })

  it('does not expand entities a DOCTYPE declares', () => {
    expect(refusal('<!DOCTYPE m [<!ENTITY x "xxxxxxxxxx">]>\n<manifest>&x;</manifest>')).toMatch(/^imsmanifest\.xml:2:\d+: is not well-formed XML: undefined entity$/)
  })

  it('refuses 60,000 unclosed start tags at once (the regular expressions went quadratic on them)', () => {
    expect(refusal(`<manifest>${'<resource '.repeat(60_000)}`)).toMatch(/^imsmanifest\.xml:1:\d+: is not well-formed XML: /)
  })

  it('refuses mismatched tags, and elements nested past the depth limit', () => {
    expect(refusal('<manifest>\n<item></manifest>')).toMatch(/^imsmanifest\.xml:2:\d+: is not well-formed XML: unexpected close tag$/)
    expect(refusal(`${'<item>'.repeat(XML_LIMITS.depth + 1)}${'</item>'.repeat(XML_LIMITS.depth + 1)}`)).toMatch(/nested more than 100 deep/)
  })

  it('refuses a control file over the size limit before reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coursepack-xml-'))
    await writeFile(join(dir, 'imsmanifest.xml'), `<manifest>${' '.repeat(2000)}</manifest>`)
    await expect(readControlFile(dir, 'imsmanifest.xml', { ...XML_LIMITS, bytes: 1000 })).rejects.toThrow(/^imsmanifest\.xml: is 2,021 bytes; a control file over 1,000 is not read$/)
  })

  it('reads elements by namespace, whatever their prefix or quotes', async () => {
    const prefixed = `<?xml version="1.0"?>
<cp:manifest xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:ad='http://www.adlnet.org/xsd/adlcp_v1p3' identifier='m'>
  <cp:metadata><cp:schemaversion>2004 4th Edition</cp:schemaversion></cp:metadata>
  <cp:organizations default='o'><cp:organization identifier='o'><cp:title>T</cp:title>
    <cp:item identifier='i' identifierref='r'><cp:title>Caf&#233; &amp; more</cp:title></cp:item></cp:organization></cp:organizations>
  <cp:resources><cp:resource identifier='r' type='webcontent' ad:scormType='sco' href='a b.html'/></cp:resources>
</cp:manifest>`
    expect(manifestVersion(prefixed)).toBe('scorm2004')
    expect(manifestLaunches(prefixed)).toEqual([{ id: 'i', title: 'Café & more', href: 'a b.html' }])
    const dir = await mkdtemp(join(tmpdir(), 'coursepack-xml-'))
    await writeFile(join(dir, 'imsmanifest.xml'), prefixed)
    expect(await readLaunch(dir, 'scorm2004')).toBe('a b.html')
  })
})
