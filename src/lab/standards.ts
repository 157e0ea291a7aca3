// The LMS side, one row per standard, keyed like the targets table (titles come from there): the
// file an LMS reads on import and how it finds the launches in it, how the content talks to the LMS,
// what the lab reads from the package, how it launches the content, how it sums up an attempt, and
// what `check` makes of the attempt's log (its verdict). The lab server, `preview` and `check` ask
// this table; none of them lists the standards again.
import { checkCmi5CourseStructure } from '../check/cmi5-structure.js'
import { scormVerdict } from '../check/scorm-verdict.js'
import { cmi5Verdict, xapiVerdict } from '../check/statement-verdict.js'
import type { Verdict } from '../check/verdict.js'
import type { TargetName } from '../targets/index.js'
import { cmi5Launch, scormLaunch, webLaunch, xapiLaunch, type LaunchInput, type LaunchPlan, type PackageFacts } from './launch.js'
import type { ScormVersion } from '../scorm-api.js'
import { cmi5Launches, manifestLaunches, manifestVersion, readCmi5Au, readScaledPassingScore, tincanLaunches, type Launch } from './package.js'
import { summarizeScorm, summarizeStatements, summarizeWeb, type LabLogBody, type LabSummary } from './summary.js'
import { readControlFile, type XmlElement } from './xml.js'

export type { ScormVersion } from '../scorm-api.js'

/** The control files in the order an LMS looks for them at the root of a zip: a manifest makes a SCORM package whatever else is there; cmi5.xml comes before tincan.xml. */
export const CONTROL_FILES = ['imsmanifest.xml', 'cmi5.xml', 'tincan.xml'] as const
export type ControlFile = (typeof CONTROL_FILES)[number]

/** The file an LMS reads on import, and what it reads there. */
export interface ControlFileReader {
  file: ControlFile
  /** Where standards share the file (SCORM's manifest): whether this file is this standard's. */
  identifies?: (root: XmlElement) => boolean
  /** The launches the file offers, in the order an LMS lists them. */
  launches: (root: XmlElement) => Launch[]
  /** What a launch is, for "cmi5.xml has no AU with a url". */
  launchable: string
  /** What makes an LMS refuse the file although it parses, given the package's paths (cmi5's structure rules). */
  problems?: (root: XmlElement, paths: readonly string[]) => string[]
}

export interface LmsStandard {
  /** Read on import to find the launches; the web package has none (index.html is its launch). */
  control?: ControlFileReader
  /** 'scorm': calls on an API object in the LMS page; 'lrs': xAPI statements to the LRS; 'none': nothing reported. */
  runtime: 'scorm' | 'lrs' | 'none'
  /** What one launch is called, plural: "8 SCOs". */
  units: string
  /** What the lab reads from the unpacked package before launching `launch` (unreadable facts are left out). */
  facts?: (dir: string, launch: string) => Promise<PackageFacts>
  /** Where the content goes and what the LMS hands it, from the attempt's state. */
  launch: (input: LaunchInput) => LaunchPlan
  /** The side panel's figures from the attempt's log. */
  summarize: (log: LabLogBody) => LabSummary
  /** check's rules over the attempt's log; the web package reports nothing to judge. */
  verdict?: Verdict
}

const manifest = (version: ScormVersion): ControlFileReader => ({
  file: 'imsmanifest.xml', identifies: (root) => manifestVersion(root) === version, launches: manifestLaunches, launchable: 'SCO with a launch href',
})

export const STANDARDS: Record<TargetName, LmsStandard> = {
  scorm12: {
    control: manifest('scorm12'), runtime: 'scorm', units: 'SCOs',
    launch: scormLaunch('scorm12'), summarize: summarizeScorm('scorm12'), verdict: scormVerdict('scorm12'),
  },
  scorm2004: {
    control: manifest('scorm2004'), runtime: 'scorm', units: 'SCOs',
    facts: async (dir, launch) => ({ scaledPassingScore: await readScaledPassingScore(dir, launch.split('?')[0]!) }),
    launch: scormLaunch('scorm2004'), summarize: summarizeScorm('scorm2004'), verdict: scormVerdict('scorm2004'),
  },
  xapi: {
    control: { file: 'tincan.xml', launches: tincanLaunches, launchable: 'activity with a launch element' }, runtime: 'lrs', units: 'activities',
    // Moodle's xAPI Launch Link launches tincan.xml's first activity with its id.
    facts: async (dir) => ({ activityId: (await readLaunches(dir, 'xapi'))[0]?.id || undefined }),
    launch: xapiLaunch, summarize: summarizeStatements, verdict: xapiVerdict,
  },
  cmi5: {
    control: { file: 'cmi5.xml', launches: cmi5Launches, launchable: 'AU with a url', problems: checkCmi5CourseStructure }, runtime: 'lrs', units: 'AUs',
    facts: async (dir, launch) => ({ au: await readCmi5Au(dir, launch) }),
    launch: cmi5Launch, summarize: summarizeStatements, verdict: cmi5Verdict,
  },
  web: { runtime: 'none', units: 'pages', launch: webLaunch, summarize: summarizeWeb },
}

/** The standards whose packages have this control file: one, or several that the file's content tells apart (the manifest's SCORM version). */
export function standardsReading(file: ControlFile): TargetName[] {
  return (Object.keys(STANDARDS) as TargetName[]).filter((t) => STANDARDS[t].control?.file === file)
}

/** The standard a package is by its control file, once read: the row that reads the file and, where rows share it, that the file identifies; undefined when none does (a manifest that names no SCORM version). */
export function standardOf(file: ControlFile, root: XmlElement): TargetName | undefined {
  return standardsReading(file).find((t) => STANDARDS[t].control?.identifies?.(root) ?? true)
}

export const isScorm = (target: TargetName): target is ScormVersion => STANDARDS[target].runtime === 'scorm'
export const talksToLrs = (target: TargetName): boolean => STANDARDS[target].runtime === 'lrs'

/** The launches of a package's control file, in the order an LMS offers them; the web package's is its index.html. Throws ControlFileError. */
export async function readLaunches(dir: string, target: TargetName): Promise<Launch[]> {
  const control = STANDARDS[target].control
  if (!control) return [{ id: 'index', title: 'index.html', href: 'index.html' }]
  return control.launches(await readControlFile(dir, control.file))
}

/** A package's launches, in order; throws when its control file names none. */
export async function readLaunchable(dir: string, target: TargetName): Promise<[Launch, ...Launch[]]> {
  const launches = await readLaunches(dir, target)
  if (launches.length === 0) throw new Error(`${STANDARDS[target].control?.file} names nothing to launch`)
  return launches as [Launch, ...Launch[]]
}

/** The launch href of a package, from its control file: the first SCO of the default organization (SCORM), the first activity's launch (xAPI), the first AU's url (cmi5). */
export async function readLaunch(dir: string, target: TargetName): Promise<string> {
  return (await readLaunchable(dir, target))[0].href
}

/** What the lab needs to know of a package before launching it; what cannot be read is left out, as an LMS would do without it. */
export async function readFacts(dir: string, target: TargetName, launch: string): Promise<PackageFacts> {
  return (await STANDARDS[target].facts?.(dir, launch).catch(() => undefined)) ?? {}
}
