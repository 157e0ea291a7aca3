// What a SCORM manifest says, for `inspect`: edition, organizations and their items with launch and
// mastery, sequencing in brief, and which files the resources list (so missing and unlisted files can
// be told). Launches themselves come from src/lab/package.ts, the reading `check` and the lab use.
import { attr, attrAnyNs, child, children, descendants, textOf, XML_NS, type XmlElement } from '../lab/xml.js'
import { withParameters } from '../lab/package.js'
import type { ScormVersion } from '../scorm-api.js'

export interface InspectedItem {
  identifier: string
  title: string
  /** 0 for an organization's own items. */
  depth: number
  /** The launch href (resource href + parameters) when the item launches something. */
  launch?: string
  /** 'sco' talks to the LMS; 'asset' is only shown. */
  type?: 'sco' | 'asset'
  /** SCORM 1.2 adlcp:masteryscore (0–100) or SCORM 2004 primary objective minNormalizedMeasure (0–1). */
  masteryScore?: number
  completionThreshold?: number
  hidden?: boolean
}

export interface InspectedOrganization { identifier: string; title: string; default: boolean; items: InspectedItem[] }

export interface ManifestFacts {
  identifier?: string
  version?: string
  schemaVersion?: string
  /** "SCORM 1.2", "SCORM 2004 3rd Edition", … */
  standard: string
  title?: string
  organizations: InspectedOrganization[]
  sequencing: string[]
  /** Every path the resources name (href, file href), base-joined, without query; `launch` marks the ones items launch. */
  listed: { path: string; launch: boolean; line: number }[]
  /** identifierrefs and dependencies that name no resource. */
  danglingRefs: { from: string; ref: string; line: number }[]
}

/** The edition from schemaversion: 2nd edition wrote "CAM 1.3", later ones name themselves. */
function scormStandard(version: ScormVersion | undefined, schemaVersion: string | undefined): string {
  if (version === 'scorm12') return 'SCORM 1.2'
  if (version !== 'scorm2004') return 'SCORM (version not stated)'
  const v = schemaVersion ?? ''
  if (/CAM\s*1\.3/i.test(v)) return 'SCORM 2004 2nd Edition'
  const edition = /2004\s+(\d)(?:st|nd|rd|th)\s+Edition/i.exec(v)?.[1]
  if (edition) return `SCORM 2004 ${edition}${({ '2': 'nd', '3': 'rd' } as Record<string, string>)[edition] ?? 'th'} Edition`
  return 'SCORM 2004 (edition not stated)'
}

function joinBase(base: string, href: string): string {
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/')) return href
  return (base.endsWith('/') ? base : base + '/') + href
}

const xmlBase = (el: XmlElement | undefined): string => (el && attr(el, 'base', XML_NS)) ?? ''
const numberOf = (text: string | undefined): number | undefined => {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text.trim())
  return Number.isFinite(n) ? n : undefined
}

/** The primary objective's minNormalizedMeasure when the objective is satisfied by measure (SCORM 2004). */
function scaledMastery(item: XmlElement): number | undefined {
  const sequencing = child(item, 'sequencing')
  const primary = sequencing && descendants(sequencing, 'primaryObjective')[0]
  if (!primary || attr(primary, 'satisfiedByMeasure') !== 'true') return undefined
  return numberOf(textOf(child(primary, 'minNormalizedMeasure')))
}

function sequencingBrief(root: XmlElement, version: ScormVersion | undefined): string[] {
  const lines: string[] = []
  if (version === 'scorm12') {
    const prerequisites = descendants(root, 'prerequisites').length
    if (prerequisites) lines.push(`prerequisites on ${prerequisites} item${prerequisites === 1 ? '' : 's'}`)
    return lines
  }
  const sequencings = descendants(root, 'sequencing')
  if (sequencings.length === 0) return lines
  const modes = new Set<string>()
  for (const c of descendants(root, 'controlMode')) {
    for (const a of c.attributes.values()) modes.add(`${a.local}=${a.value}`)
  }
  if (modes.size) lines.push(`control modes: ${[...modes].sort().join(', ')}`)
  const count = (local: string, what: string) => {
    const n = descendants(root, local).length
    if (n) lines.push(`${n} ${what}${n === 1 ? '' : 's'}`)
  }
  count('preConditionRule', 'precondition rule')
  count('exitConditionRule', 'exit rule')
  count('postConditionRule', 'postcondition rule')
  count('rollupRule', 'rollup rule')
  count('objective', 'secondary objective')
  count('limitConditions', 'attempt limit')
  const controls = descendants(root, 'deliveryControls').flatMap((d) => [...d.attributes.values()].map((a) => `${a.local}=${a.value}`))
  if (controls.length) lines.push(`delivery controls: ${[...new Set(controls)].sort().join(', ')}`)
  if (child(root, 'sequencingCollection')) lines.push('shared sequencing collection')
  return lines
}

export function describeManifest(root: XmlElement, version: ScormVersion | undefined): ManifestFacts {
  const schemaVersion = textOf(descendants(root, 'schemaversion')[0]).trim() || undefined
  const resourcesEl = child(root, 'resources')
  const resourcesBase = joinBase(xmlBase(root), xmlBase(resourcesEl))
  const resources = new Map<string, { href?: string; type?: 'sco' | 'asset'; files: { path: string; line: number }[]; line: number }>()
  const danglingRefs: ManifestFacts['danglingRefs'] = []
  const resourceEls = resourcesEl ? children(resourcesEl, 'resource') : []
  for (const r of resourceEls) {
    const id = attr(r, 'identifier')
    if (!id) continue
    const base = joinBase(resourcesBase, xmlBase(r))
    const href = attr(r, 'href')
    const scormType = (attrAnyNs(r, 'scormtype') ?? '').toLowerCase()
    resources.set(id, {
      href: href ? joinBase(base, href) : undefined,
      type: scormType === 'sco' || scormType === 'asset' ? scormType : undefined,
      files: children(r, 'file').flatMap((f) => {
        const h = attr(f, 'href')
        return h ? [{ path: joinBase(base, h), line: f.line }] : []
      }),
      line: r.line,
    })
  }
  for (const r of resourceEls) {
    for (const d of children(r, 'dependency')) {
      const ref = attr(d, 'identifierref')
      if (ref && !resources.has(ref)) danglingRefs.push({ from: attr(r, 'identifier') ?? '?', ref, line: d.line })
    }
  }

  const orgsEl = child(root, 'organizations')
  const defaultOrg = orgsEl && attr(orgsEl, 'default')
  const launchedResources = new Set<string>()
  const organizations: InspectedOrganization[] = (orgsEl ? children(orgsEl, 'organization') : []).map((org, i, all) => {
    const identifier = attr(org, 'identifier') ?? ''
    const items: InspectedItem[] = []
    const walk = (parent: XmlElement, depth: number) => {
      for (const item of children(parent, 'item')) {
        const ref = attr(item, 'identifierref')
        const resource = ref ? resources.get(ref) : undefined
        if (ref && !resource) danglingRefs.push({ from: attr(item, 'identifier') ?? '?', ref, line: item.line })
        if (ref && resource?.href) launchedResources.add(ref)
        const mastery = version === 'scorm12' ? numberOf(textOf(child(item, 'masteryscore'))) : scaledMastery(item)
        const threshold = child(item, 'completionThreshold')
        const thresholdValue = threshold && (numberOf(attr(threshold, 'minProgressMeasure')) ?? numberOf(textOf(threshold)))
        items.push({
          identifier: attr(item, 'identifier') ?? '',
          title: textOf(child(item, 'title')).trim(),
          depth,
          ...(resource?.href ? { launch: withParameters(resource.href, attr(item, 'parameters')) } : {}),
          ...(resource?.type ? { type: resource.type } : {}),
          ...(mastery !== undefined ? { masteryScore: mastery } : {}),
          ...(thresholdValue !== undefined ? { completionThreshold: thresholdValue } : {}),
          ...(attr(item, 'isvisible') === 'false' ? { hidden: true } : {}),
        })
        walk(item, depth + 1)
      }
    }
    walk(org, 0)
    return { identifier, title: textOf(child(org, 'title')).trim(), default: defaultOrg ? identifier === defaultOrg : i === 0 && all.length > 0, items }
  })
  if (launchedResources.size === 0) {
    // No organization: Moodle builds SCOs straight from the resources that have an href.
    for (const [id, r] of resources) if (r.href && r.type === 'sco') launchedResources.add(id)
  }
  const listed: ManifestFacts['listed'] = []
  for (const [id, r] of resources) {
    if (r.href) listed.push({ path: r.href, launch: launchedResources.has(id), line: r.line })
    for (const f of r.files) listed.push({ path: f.path, launch: false, line: f.line })
  }
  const lomTitle = descendants(child(root, 'metadata') ?? root, 'general')[0]
  const title = organizations.find((o) => o.default)?.title || textOf(lomTitle && descendants(lomTitle, 'title')[0]).trim() || undefined
  return {
    identifier: attr(root, 'identifier'),
    version: attr(root, 'version'),
    schemaVersion,
    standard: scormStandard(version, schemaVersion),
    title,
    organizations,
    sequencing: sequencingBrief(root, version),
    listed,
    danglingRefs,
  }
}
