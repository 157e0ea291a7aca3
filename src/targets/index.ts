import { cmi5 } from './cmi5.js'
import { scorm12 } from './scorm12.js'
import { scorm2004 } from './scorm2004.js'
import { web } from './web.js'
import { xapi } from './xapi.js'
import type { Target } from './target.js'

/** Every output format by its --target name: the CLI, `all`, --help, --json and zip names read this table. */
export const targets = { scorm12, scorm2004, cmi5, xapi, web } satisfies Record<string, Target>

export type TargetName = keyof typeof targets

export const targetNames = Object.keys(targets) as TargetName[]

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(targets, name)
}
