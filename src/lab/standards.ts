// What the LMS side does per standard, keyed like the targets table (titles come from there): the
// file an LMS reads on import, how the content talks to it, and what it calls one launchable unit.
import type { TargetName } from '../targets/index.js'

/** The two SCORM versions: the lab runs both on scorm-again's API object. */
export type ScormVersion = 'scorm12' | 'scorm2004'

export interface LmsStandard {
  /** Read on import to find the launches; the web package has none (index.html is its launch). */
  controlFile?: 'imsmanifest.xml' | 'tincan.xml' | 'cmi5.xml'
  /** 'scorm': calls on an API object in the LMS page; 'lrs': xAPI statements to the LRS; 'none': nothing reported. */
  runtime: 'scorm' | 'lrs' | 'none'
  /** What one launch is called, plural: "8 SCOs". */
  units: string
}

export const STANDARDS: Record<TargetName, LmsStandard> = {
  scorm12: { controlFile: 'imsmanifest.xml', runtime: 'scorm', units: 'SCOs' },
  scorm2004: { controlFile: 'imsmanifest.xml', runtime: 'scorm', units: 'SCOs' },
  xapi: { controlFile: 'tincan.xml', runtime: 'lrs', units: 'activities' },
  cmi5: { controlFile: 'cmi5.xml', runtime: 'lrs', units: 'AUs' },
  web: { runtime: 'none', units: 'pages' },
}

export const isScorm = (target: TargetName): target is ScormVersion => STANDARDS[target].runtime === 'scorm'
export const talksToLrs = (target: TargetName): boolean => STANDARDS[target].runtime === 'lrs'
