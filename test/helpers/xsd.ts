import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { validateXML } from 'xmllint-wasm'
import { sharedDir } from './paths.js'

export interface XsdResult { valid: boolean; errors: string[] }

/** The top-level schema files of a folder of ../shared/schemas (xmllint-wasm's in-memory file system takes no subfolders). */
function schemaFiles(folder: string) {
  const dir = join(sharedDir, 'schemas', folder)
  return readdirSync(dir).filter((f) => /\.(xsd|dtd)$/.test(f)).sort()
    .map((fileName) => ({ fileName, contents: readFileSync(join(dir, fileName), 'utf8') }))
}

/**
 * Validates a manifest against official control files through one wrapper schema that imports
 * every namespace the manifest uses (as shared/schemas/wrappers/*.xsd do: xmllint takes one schema).
 */
async function validateAgainst(xml: string, fileName: string, folder: string, imports: Record<string, string>): Promise<XsdResult> {
  const wrapper = `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursepack:test:${folder}">
${Object.entries(imports).map(([ns, file]) => `  <xsd:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n')}
</xsd:schema>`
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: 'wrapper.xsd', contents: wrapper }],
    preload: schemaFiles(folder),
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}

/** SCORM 1.2 manifest: IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 (inline LOM metadata). */
export function validateScorm12Manifest(xml: string): Promise<XsdResult> {
  return validateAgainst(xml, 'imsmanifest.xml', 'scorm12', {
    'http://www.imsproject.org/xsd/imscp_rootv1p1p2': 'imscp_rootv1p1p2.xsd',
    'http://www.adlnet.org/xsd/adlcp_rootv1p2': 'adlcp_rootv1p2.xsd',
    'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1': 'imsmd_rootv1p2p1.xsd',
  })
}

/** SCORM 2004 4th edition manifest without inline LOM (the LOM set lives in subfolders). */
export function validateScorm2004Manifest(xml: string): Promise<XsdResult> {
  return validateAgainst(xml, 'imsmanifest.xml', 'scorm2004-4th', {
    'http://www.imsglobal.org/xsd/imscp_v1p1': 'imscp_v1p1.xsd',
    'http://www.adlnet.org/xsd/adlcp_v1p3': 'adlcp_v1p3.xsd',
    'http://www.adlnet.org/xsd/adlseq_v1p3': 'adlseq_v1p3.xsd',
    'http://www.adlnet.org/xsd/adlnav_v1p3': 'adlnav_v1p3.xsd',
    'http://www.imsglobal.org/xsd/imsss': 'imsss_v1p0.xsd',
  })
}

/** cmi5.xml course structure against the official CourseStructure.xsd. */
export async function validateCmi5CourseStructure(xml: string): Promise<XsdResult> {
  const xsd = readFileSync(join(sharedDir, 'schemas', 'cmi5', 'CourseStructure.xsd'), 'utf8')
  const result = await validateXML({ xml: [{ fileName: 'cmi5.xml', contents: xml }], schema: [{ fileName: 'CourseStructure.xsd', contents: xsd }] })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}
