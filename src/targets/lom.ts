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

/** What differs between the two LOM bindings: element names, how text in a language is written, and the vocabulary's spelling. */
interface LomDialect {
  root(parent: XMLBuilder): XMLBuilder
  name: Record<'general' | 'title' | 'language' | 'description' | 'lifeCycle' | 'version' | 'contribute' | 'role' | 'source' | 'value' | 'educational' | 'typicalLearningTime' | 'duration', string>
  /** Text in a language: `<langstring xml:lang>` in IMS, `<string language>` in IEEE. */
  langString(parent: XMLBuilder, text: string, language: string): void
  /** A vocabulary term (a role's source or value): a langstring in IMS, plain text in IEEE. */
  term(parent: XMLBuilder, text: string): void
  publisher: string
  /** The contributor's vCard: `<centity><vcard>` in IMS, `<entity>` in IEEE. */
  entity(contribute: XMLBuilder, vcard: string): void
}

const imsMetadata: LomDialect = {
  root: (parent) => parent.ele(NS_IMSMD, 'imsmd:lom'),
  name: {
    general: 'imsmd:general', title: 'imsmd:title', language: 'imsmd:language', description: 'imsmd:description',
    lifeCycle: 'imsmd:lifecycle', version: 'imsmd:version', contribute: 'imsmd:contribute', role: 'imsmd:role',
    source: 'imsmd:source', value: 'imsmd:value', educational: 'imsmd:educational',
    typicalLearningTime: 'imsmd:typicallearningtime', duration: 'imsmd:datetime',
  },
  langString: (parent, text, language) => { parent.ele('imsmd:langstring', { 'xml:lang': language }).txt(text) },
  term: (parent, text) => { parent.ele('imsmd:langstring', { 'xml:lang': 'x-none' }).txt(text) },
  publisher: 'Publisher',
  entity: (contribute, vcard) => { contribute.ele('imsmd:centity').ele('imsmd:vcard').txt(vcard) },
}

const ieeeLom: LomDialect = {
  root: (parent) => parent.ele(NS_LOM, 'lom'),
  name: {
    general: 'general', title: 'title', language: 'language', description: 'description',
    lifeCycle: 'lifeCycle', version: 'version', contribute: 'contribute', role: 'role',
    source: 'source', value: 'value', educational: 'educational',
    typicalLearningTime: 'typicalLearningTime', duration: 'duration',
  },
  langString: (parent, text, language) => { parent.ele('string', { language }).txt(text) },
  term: (parent, text) => { parent.txt(text) },
  publisher: 'publisher',
  entity: (contribute, vcard) => { contribute.ele('entity').txt(vcard) },
}

/** general (title, language, description), lifecycle (version, publisher), educational (typical learning time), in the schemas' order. */
function addLom(parent: XMLBuilder, course: Course, d: LomDialect): void {
  const n = d.name
  const lom = d.root(parent)
  const general = lom.ele(n.general)
  d.langString(general.ele(n.title), course.title, course.language)
  general.ele(n.language).txt(course.language)
  if (course.description) d.langString(general.ele(n.description), course.description, course.language)
  const lifeCycle = lom.ele(n.lifeCycle)
  d.langString(lifeCycle.ele(n.version), course.version, 'x-none')
  if (course.organization) {
    const contribute = lifeCycle.ele(n.contribute)
    const role = contribute.ele(n.role)
    d.term(role.ele(n.source), ROLE_SOURCE)
    d.term(role.ele(n.value), d.publisher)
    d.entity(contribute, organizationVCard(course.organization))
  }
  if (course.duration) lom.ele(n.educational).ele(n.typicalLearningTime).ele(n.duration).txt(course.duration)
}

/** IMS Meta-data 1.2.1, for a SCORM 1.2 manifest's metadata. */
export const addImsMetadata = (metadata: XMLBuilder, course: Course): void => addLom(metadata, course, imsMetadata)

/** IEEE LOM (1484.12.3 XML binding), for SCORM 2004's manifest metadata and cmi5's course element. */
export const addIeeeLom = (parent: XMLBuilder, course: Course): void => addLom(parent, course, ieeeLom)
