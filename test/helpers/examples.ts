import { inject } from 'vitest'
import { unpack } from './lms.js'
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

const unpacked = new Map<string, Promise<string>>()

/**
 * The example course's package for a target, unpacked as an LMS does on import: once per test worker
 * (workers keep their modules from file to file), shared by every test that reads it. None may
 * change it; a test that needs to, copies it.
 */
export function unpackedExample(name: ExampleName, target: TargetName): Promise<string> {
  const key = `${name}/${target}`
  let dir = unpacked.get(key)
  if (!dir) unpacked.set(key, (dir = unpack(examplePackage(name, target))))
  return dir
}
