#!/usr/bin/env node
// `npm run typecheck`: the two TypeScript projects (Node code and tests; the code that runs in a
// browser with the DOM and no Node types: the player, the lab page and check's learner in the
// course's frame) checked side by side, as many at once as the machine has cores.
// Each keeps an incremental cache under node_modules/.cache, so a second run only re-checks what changed.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/** Every project, with the name of its incremental cache. */
const PROJECTS = [
  { config: 'tsconfig.json', cache: 'node' },
  { config: 'src/tsconfig.browser.json', cache: 'browser' },
]

function check({ config, cache }) {
  return new Promise((resolve) => {
    const args = [tsc, '-p', config, '--noEmit', '--incremental', '--tsBuildInfoFile', `node_modules/.cache/coursepack-tsc/${cache}.tsbuildinfo`]
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    // Printed whole when the project is done, so parallel projects' errors do not interleave.
    child.on('close', (code) => {
      if (output) process.stdout.write(output)
      resolve(code === 0)
    })
  })
}

const queue = [...PROJECTS]
const lanes = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  let ok = true
  for (let project = queue.shift(); project; project = queue.shift()) ok = (await check(project)) && ok
  return ok
})
const results = await Promise.all(lanes)
process.exit(results.every(Boolean) ? 0 : 1)
