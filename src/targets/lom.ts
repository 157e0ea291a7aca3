// Learning Object Metadata: where a package says what course.yaml's title, description, language,
// version, organization and duration are, in each standard's own vocabulary. SCORM 1.2 carries IMS
// Meta-data 1.2.1 (`imsmd:` elements, lowercase names); SCORM 2004 and cmi5 carry IEEE LOM
// (camelCase names), inline, in a namespace their schemas accept with lax validation.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { Course } from '../course/model.js'

export const NS_IMSMD = 'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1'
export const NS_LOM = 'http://ltsc.ieee.org/xsd/LOM'

// LOM's own vocabulary for contributor roles: the organization publishes the course.
const ROLE_SOURCE = 'LOMv1.0'

/** A vCard 3.0 naming an organization (LOM's way to name a contributor); RFC 2426 escapes `\`, `,`, `;` and newlines. */
export function organizationVCard(organization: string): string {
  const escaped = organization.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')
  return ['BEGIN:VCARD', 'VERSION:3.0', `FN:${escaped}`, `ORG:${escaped}`, 'END:VCARD'].join('\n')
}

/** IMS Meta-data 1.2.1 for a SCORM 1.2 manifest: general, lifecycle (version, publisher), educational (typical learning time), in the XSD's order. */
export function addImsMetadata(metadata: XMLBuilder, course: Course): void {
  const lom = metadata.ele(NS_IMSMD, 'imsmd:lom')
  const langstring = (parent: XMLBuilder, text: string, lang = course.language) => parent.ele('imsmd:langstring', { 'xml:lang': lang }).txt(text)
  const general = lom.ele('imsmd:general')
  langstring(general.ele('imsmd:title'), course.title)
  general.ele('imsmd:language').txt(course.language)
  if (course.description) langstring(general.ele('imsmd:description'), course.description)
  const lifecycle = lom.ele('imsmd:lifecycle')
  langstring(lifecycle.ele('imsmd:version'), course.version, 'x-none')
  if (course.organization) {
    const contribute = lifecycle.ele('imsmd:contribute')
    const role = contribute.ele('imsmd:role')
    langstring(role.ele('imsmd:source'), ROLE_SOURCE, 'x-none')
    langstring(role.ele('imsmd:value'), 'Publisher', 'x-none')
    contribute.ele('imsmd:centity').ele('imsmd:vcard').txt(organizationVCard(course.organization))
  }
  if (course.duration) lom.ele('imsmd:educational').ele('imsmd:typicallearningtime').ele('imsmd:datetime').txt(course.duration)
}

/** IEEE LOM (1484.12.3 XML binding) for SCORM 2004's manifest metadata and cmi5's course element. */
export function addIeeeLom(parent: XMLBuilder, course: Course): void {
  const lom = parent.ele(NS_LOM, 'lom')
  const langString = (el: XMLBuilder, text: string, language = course.language) => el.ele('string', { language }).txt(text)
  const general = lom.ele('general')
  langString(general.ele('title'), course.title)
  general.ele('language').txt(course.language)
  if (course.description) langString(general.ele('description'), course.description)
  const lifeCycle = lom.ele('lifeCycle')
  langString(lifeCycle.ele('version'), course.version, 'x-none')
  if (course.organization) {
    const contribute = lifeCycle.ele('contribute')
    const role = contribute.ele('role')
    role.ele('source').txt(ROLE_SOURCE)
    role.ele('value').txt('publisher')
    contribute.ele('entity').txt(organizationVCard(course.organization))
  }
  if (course.duration) lom.ele('educational').ele('typicalLearningTime').ele('duration').txt(course.duration)
}
