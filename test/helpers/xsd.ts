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
