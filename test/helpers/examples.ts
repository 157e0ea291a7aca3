import { inject } from 'vitest'
import type { TargetName } from '../../src/targets/index.js'

/** The example courses in courses/. */
export const EXAMPLES = ['prosecuting-trafficking', 'trata-consulados'] as const
export type ExampleName = (typeof EXAMPLES)[number]
export type ExamplePackages = Record<ExampleName, Record<TargetName, string>>

/**
 * The zip of an example course for a target, built once per run by the global setup (with no
 * error: it fails the run otherwise). Tests read it; none may change it.
 */
export function examplePackage(name: ExampleName, target: TargetName): string {
  return inject('examplePackages')[name][target]
}
