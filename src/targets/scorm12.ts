import { create } from 'xmlbuilder2'
import { join } from 'node:path'
import type { Course } from '../course/model.js'
import { templatesDir } from '../paths.js'
import { addImsMetadata, NS_IMSMD } from './lom.js'
import { addResources, clip, manifestIdentifier, scosOf } from './scorm-manifest.js'
import { scoLaunchPages, type PackageFile, type Target } from './target.js'

const NS_IMSCP = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2'
const NS_ADLCP = 'http://www.adlnet.org/xsd/adlcp_rootv1p2'
const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance'

/** The control files conformance suites expect at the zip root, exact copies, never listed as resources. */
export const SCORM12_CONTROL_FILES = ['adlcp_rootv1p2.xsd', 'imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd', 'ims_xml.xsd']

// Smallest permitted maximums of the SCORM 1.2 CAM: longer values fail the ADL package test.
const MAX_TITLE = 200
const MAX_MANIFEST_VERSION = 20

/** The manifest of a SCORM 1.2 package: LOM metadata, one item+SCO for the course or one per module, every file listed. */
export function buildScorm12Manifest(course: Course, payload: readonly PackageFile[]): string {
  const manifestAttrs: Record<string, string> = { identifier: manifestIdentifier(course.id) }
  if (course.version.length <= MAX_MANIFEST_VERSION) manifestAttrs.version = course.version
  const manifest = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS_IMSCP, 'manifest', {
    ...manifestAttrs,
    // The literal prefix `adlcp` matters: Moodle matches ADLCP:SCORMTYPE by name, not by namespace.
    'xmlns:adlcp': NS_ADLCP,
    'xmlns:xsi': NS_XSI,
    'xsi:schemaLocation': [
      `${NS_IMSCP} imscp_rootv1p1p2.xsd`,
      `${NS_IMSMD} imsmd_rootv1p2p1.xsd`,
      `${NS_ADLCP} adlcp_rootv1p2.xsd`,
    ].join(' '),
  })

  const metadata = manifest.ele('metadata')
  metadata.ele('schema').txt('ADL SCORM')
  metadata.ele('schemaversion').txt('1.2')
  addImsMetadata(metadata, course)

  const organizations = manifest.ele('organizations', { default: 'ORG' })
  const organization = organizations.ele('organization', { identifier: 'ORG' })
  organization.ele('title').txt(clip(course.title, MAX_TITLE))

  const scos = scosOf(course)
  for (const sco of scos) {
    const item = organization.ele('item', { identifier: `ITEM-${sco.key}`, identifierref: `RES-${sco.key}` })
    item.ele('title').txt(clip(sco.title, MAX_TITLE))
    // Without graded questions the SCO reports `completed` itself; a mastery score would let the LMS override that.
    if (sco.graded) item.ele('adlcp:masteryscore').txt(String(course.passingScore))
  }

  addResources(manifest, scos, payload, 'adlcp:scormtype')

  return manifest.end({ prettyPrint: true }) + '\n'
}

export const scorm12: Target = {
  name: 'scorm12',
  title: 'SCORM 1.2',
  adapter: 'scorm12',
  launchPages: scoLaunchPages,
  files: (course, payload) => [
    { path: 'imsmanifest.xml', data: buildScorm12Manifest(course, payload) },
    ...SCORM12_CONTROL_FILES.map((name) => ({ path: name, from: join(templatesDir, 'schemas', 'scorm12', name) })),
  ],
}
