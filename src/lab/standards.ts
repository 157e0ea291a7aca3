// The LMS side, one row per standard, keyed like the targets table (titles come from there): the
// file an LMS reads on import and how it finds the launches in it, how the content talks to the LMS,
// what the lab reads from the package, how it launches the content, and how it sums up an attempt.
// The lab server, `preview` and `check` ask this table; none of them lists the standards again.
import type { TargetName } from '../targets/index.js'
import { cmi5Launch, scormLaunch, webLaunch, xapiLaunch, type LaunchInput, type LaunchPlan, type PackageFacts } from './launch.js'
import type { ScormVersion } from './scorm-api.js'
import { cmi5Launches, manifestLaunches, readCmi5Au, readScaledPassingScore, tincanLaunches, type Launch } from './package.js'
import { summarizeScorm, summarizeStatements, summarizeWeb, type LabLogBody, type LabSummary } from './summary.js'
import { readControlFile, type XmlElement } from './xml.js'

export type { ScormVersion } from './scorm-api.js'

export interface LmsStandard {
  /** Read on import to find the launches; the web package has none (index.html is its launch). */
  controlFile?: 'imsmanifest.xml' | 'tincan.xml' | 'cmi5.xml'
  /** The launches the control file offers, in the order an LMS lists them. */
  launches?: (root: XmlElement) => Launch[]
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
}

export const STANDARDS: Record<TargetName, LmsStandard> = {
  scorm12: {
    controlFile: 'imsmanifest.xml', launches: manifestLaunches, runtime: 'scorm', units: 'SCOs',
    launch: scormLaunch('scorm12'), summarize: summarizeScorm('scorm12'),
  },
  scorm2004: {
    controlFile: 'imsmanifest.xml', launches: manifestLaunches, runtime: 'scorm', units: 'SCOs',
    facts: async (dir, launch) => ({ scaledPassingScore: await readScaledPassingScore(dir, launch.split('?')[0]!) }),
    launch: scormLaunch('scorm2004'), summarize: summarizeScorm('scorm2004'),
  },
  xapi: {
    controlFile: 'tincan.xml', launches: tincanLaunches, runtime: 'lrs', units: 'activities',
    // Moodle's xAPI Launch Link launches tincan.xml's first activity with its id.
    facts: async (dir) => ({ activityId: (await readLaunches(dir, 'xapi'))[0]?.id || undefined }),
    launch: xapiLaunch, summarize: summarizeStatements,
  },
  cmi5: {
    controlFile: 'cmi5.xml', launches: cmi5Launches, runtime: 'lrs', units: 'AUs',
    facts: async (dir) => ({ au: await readCmi5Au(dir) }),
    launch: cmi5Launch, summarize: summarizeStatements,
  },
  web: { runtime: 'none', units: 'pages', launch: webLaunch, summarize: summarizeWeb },
}

export const isScorm = (target: TargetName): target is ScormVersion => STANDARDS[target].runtime === 'scorm'
export const talksToLrs = (target: TargetName): boolean => STANDARDS[target].runtime === 'lrs'

/** The launches of a package's control file, in the order an LMS offers them; the web package's is its index.html. Throws ControlFileError. */
export async function readLaunches(dir: string, target: TargetName): Promise<Launch[]> {
  const { controlFile, launches } = STANDARDS[target]
  if (!controlFile || !launches) return [{ id: 'index', title: 'index.html', href: 'index.html' }]
  return launches(await readControlFile(dir, controlFile))
}

/** The launch href of a package, from its control file: the first SCO of the default organization (SCORM), the first activity's launch (xAPI), the first AU's url (cmi5). */
export async function readLaunch(dir: string, target: TargetName): Promise<string> {
  const launches = await readLaunches(dir, target)
  if (launches.length === 0) throw new Error(`${STANDARDS[target].controlFile} names nothing to launch`)
  return launches[0]!.href
}

/** What the lab needs to know of a package before launching it; what cannot be read is left out, as an LMS would do without it. */
export async function readFacts(dir: string, target: TargetName, launch: string): Promise<PackageFacts> {
  return (await STANDARDS[target].facts?.(dir, launch).catch(() => undefined)) ?? {}
}
