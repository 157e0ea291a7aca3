import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { validateXML } from 'xmllint-wasm'
import { sharedDir } from './paths.js'

export interface XsdResult { valid: boolean; errors: string[] }

function schemaFiles(folder: string) {
  return readdirSync(folder).filter((f) => f.endsWith('.xsd')).sort()
    .map((fileName) => ({ fileName, contents: readFileSync(join(folder, fileName), 'utf8') }))
}

/** Validates a SCORM 1.2 manifest against the official control files in ../shared/schemas/scorm12, every namespace at once. */
export async function validateScorm12Manifest(xml: string): Promise<XsdResult> {
  const files = schemaFiles(join(sharedDir, 'schemas', 'scorm12'))
  // Like shared/schemas/wrappers/scorm12-all.xsd: one import per namespace the manifest uses.
  const wrapper = `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursepack:test:scorm12">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>`
  const result = await validateXML({
    xml: [{ fileName: 'imsmanifest.xml', contents: xml }],
    schema: [{ fileName: 'wrapper.xsd', contents: wrapper }],
    preload: files,
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}

/** Validates a SCORM 2004 4th edition manifest against the official control files, every namespace at once. */
export async function validateScorm2004Manifest(xml: string): Promise<XsdResult> {
  // The top-level files cover every namespace a manifest without inline LOM uses (the LOM set lives
  // in subfolders, which xmllint-wasm's in-memory file system cannot take).
  const folder = join(sharedDir, 'schemas', 'scorm2004-4th')
  const files = readdirSync(folder).filter((f) => /\.(xsd|dtd)$/.test(f)).sort()
    .map((fileName) => ({ fileName, contents: readFileSync(join(folder, fileName), 'utf8') }))
  // Like shared/schemas/wrappers/scorm2004-4th-all.xsd: one import per namespace a manifest uses.
  const wrapper = `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:coursepack:test:scorm2004">
  <xsd:import namespace="http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="imscp_v1p1.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_v1p3" schemaLocation="adlcp_v1p3.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlseq_v1p3" schemaLocation="adlseq_v1p3.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlnav_v1p3" schemaLocation="adlnav_v1p3.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsss" schemaLocation="imsss_v1p0.xsd"/>
</xsd:schema>`
  const result = await validateXML({
    xml: [{ fileName: 'imsmanifest.xml', contents: xml }],
    schema: [{ fileName: 'wrapper.xsd', contents: wrapper }],
    preload: files,
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}

/** Validates a cmi5.xml course structure against the official CourseStructure.xsd. */
export async function validateCmi5CourseStructure(xml: string): Promise<XsdResult> {
  const xsd = readFileSync(join(sharedDir, 'schemas', 'cmi5', 'CourseStructure.xsd'), 'utf8')
  const result = await validateXML({ xml: [{ fileName: 'cmi5.xml', contents: xml }], schema: [{ fileName: 'CourseStructure.xsd', contents: xsd }] })
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) }
}
