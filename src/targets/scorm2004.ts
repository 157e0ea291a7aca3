import { create } from 'xmlbuilder2'
import { join } from 'node:path'
import { diagnostic } from '../course/diagnostics.js'
import type { Course } from '../course/model.js'
import { templatesDir } from '../paths.js'
import { scaledScore } from '../scores.js'
import { addIeeeLom } from './lom.js'
import { addResources, clip, manifestIdentifier, scosOf } from './scorm-manifest.js'
import { scoLaunchPages, type PackageFile, type Target } from './target.js'

const NS_IMSCP = 'http://www.imsglobal.org/xsd/imscp_v1p1'
const NS_ADLCP = 'http://www.adlnet.org/xsd/adlcp_v1p3'
const NS_ADLSEQ = 'http://www.adlnet.org/xsd/adlseq_v1p3'
const NS_ADLNAV = 'http://www.adlnet.org/xsd/adlnav_v1p3'
const NS_IMSSS = 'http://www.imsglobal.org/xsd/imsss'
const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance'

type XmlNode = ReturnType<typeof create>

/**
 * The control files at the zip root: every file reachable from the manifest's schemaLocation, with
 * their imports and includes (ADL's RequiredFilesChecker fails a package that lacks one at the root).
 * imscp imports xml.xsd, whose DOCTYPE names XMLSchema.dtd, which pulls in datatypes.dtd; imsss_v1p0
 * includes the nine imsss_v1p0*.xsd parts. No LOM set: the manifest's inline LOM names no schema
 * location (imscp_v1p1.xsd takes other namespaces in metadata with lax validation), so none is required.
 */
export const SCORM2004_CONTROL_FILES = [
  'imscp_v1p1.xsd', 'adlcp_v1p3.xsd', 'adlseq_v1p3.xsd', 'adlnav_v1p3.xsd',
  'imsss_v1p0.xsd', 'imsss_v1p0auxresource.xsd', 'imsss_v1p0control.xsd', 'imsss_v1p0delivery.xsd',
  'imsss_v1p0limit.xsd', 'imsss_v1p0objective.xsd', 'imsss_v1p0random.xsd', 'imsss_v1p0rollup.xsd',
  'imsss_v1p0seqrule.xsd', 'imsss_v1p0util.xsd', 'xml.xsd', 'XMLSchema.dtd', 'datatypes.dtd',
]

// CTS 2004 warns past these lengths (SPEC-NOTES §3.2).
const MAX_TITLE = 200
const MAX_MANIFEST_VERSION = 20

/** passing_score 0–100 as the 0–1 measure imsss:minNormalizedMeasure takes, without float noise. */
export function normalizedPassingScore(passingScore: number): string {
  return String(scaledScore(passingScore))
}

/** Sequencing of one SCO item: the content decides completion and success; a measure decides mastery when there are graded questions. */
function itemSequencing(item: XmlNode, key: string, graded: boolean, passingScore: number): void {
  const sequencing = item.ele(NS_IMSSS, 'imsss:sequencing')
  // Element order is fixed by imsss_v1p0.xsd: objectives come before deliveryControls.
  if (graded) {
    sequencing.ele(NS_IMSSS, 'imsss:objectives')
      .ele(NS_IMSSS, 'imsss:primaryObjective', { objectiveID: `PRIMARY-${key}`, satisfiedByMeasure: 'true' })
      .ele(NS_IMSSS, 'imsss:minNormalizedMeasure').txt(normalizedPassingScore(passingScore))
  }
  // Defaults are false (imsss_v1p0delivery.xsd): without this the LMS, not the SCO, would decide status.
  sequencing.ele(NS_IMSSS, 'imsss:deliveryControls', { completionSetByContent: 'true', objectiveSetByContent: 'true' })
}

/**
 * The manifest of a SCORM 2004 4th edition package: one item+SCO for the course, or one per module
 * in course order under flow navigation; every file listed; inline IEEE LOM metadata (title,
 * description, language, version, publisher, typical learning time) without a schema location,
 * so the package needs no lom.xsd and its four subfolders at the root.
 */
export function buildScorm2004Manifest(course: Course, payload: readonly PackageFile[]): string {
  const manifestAttrs: Record<string, string> = { identifier: manifestIdentifier(course.id) }
  if (course.version.length <= MAX_MANIFEST_VERSION) manifestAttrs.version = course.version
  const manifest = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS_IMSCP, 'manifest', {
    ...manifestAttrs,
    // Moodle reads ADLCP:SCORMTYPE by prefixed name, not by namespace: the prefix `adlcp` must be literal.
    'xmlns:adlcp': NS_ADLCP,
    'xmlns:adlseq': NS_ADLSEQ,
    'xmlns:adlnav': NS_ADLNAV,
    'xmlns:imsss': NS_IMSSS,
    'xmlns:xsi': NS_XSI,
    'xsi:schemaLocation': [
      `${NS_IMSCP} imscp_v1p1.xsd`,
      `${NS_ADLCP} adlcp_v1p3.xsd`,
      `${NS_ADLSEQ} adlseq_v1p3.xsd`,
      `${NS_ADLNAV} adlnav_v1p3.xsd`,
      `${NS_IMSSS} imsss_v1p0.xsd`,
    ].join(' '),
  })

  const metadata = manifest.ele('metadata')
  metadata.ele('schema').txt('ADL SCORM')
  metadata.ele('schemaversion').txt('2004 4th Edition')
  addIeeeLom(metadata, course)

  const organizations = manifest.ele('organizations', { default: 'ORG' })
  // Objectives stay local to this package: nothing shared with other courses on the LMS.
  const organization = organizations.ele('organization', { identifier: 'ORG', 'adlseq:objectivesGlobalToSystem': 'false' })
  organization.ele('title').txt(clip(course.title, MAX_TITLE))

  const scos = scosOf(course)
  for (const sco of scos) {
    const item = organization.ele('item', { identifier: `ITEM-${sco.key}`, identifierref: `RES-${sco.key}` })
    item.ele('title').txt(clip(sco.title, MAX_TITLE))
    itemSequencing(item, sco.key, sco.graded, course.passingScore)
  }
  // Choice and flow: the learner may pick any module, and Continue (adl.nav.request) goes to the next one.
  organization.ele(NS_IMSSS, 'imsss:sequencing').ele(NS_IMSSS, 'imsss:controlMode', { choice: 'true', flow: 'true' })

  addResources(manifest, scos, payload, 'adlcp:scormType')

  return manifest.end({ prettyPrint: true }) + '\n'
}

export const scorm2004: Target = {
  name: 'scorm2004',
  title: 'SCORM 2004 4th Edition',
  adapter: 'scorm2004',
  launchPages: scoLaunchPages,
  files: (course, payload) => [
    { path: 'imsmanifest.xml', data: buildScorm2004Manifest(course, payload) },
    ...SCORM2004_CONTROL_FILES.map((name) => ({ path: name, from: join(templatesDir, 'schemas', 'scorm2004-4th', name) })),
  ],
  // Moodle's player keeps one API_1484_11 per page and refuses a second Initialize after a Terminate
  // (mod/scorm/datamodels/scorm_13.js): proven by test/moodle/per-module.test.ts.
  warnings: (course) => course.sco === 'per-module'
    ? [diagnostic('scorm2004-per-module-moodle', course.scoAt ?? { file: 'course.yaml', line: 1, col: 1 })]
    : [],
}
