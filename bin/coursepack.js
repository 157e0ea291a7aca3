#!/usr/bin/env node
import { existsSync } from 'node:fs'

// `coursepack build … | head` closes our stdout early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => { if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw error })
}

const cli = new URL('../lib/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('coursepack is not built yet: run `npm install` in the coursepack folder first.\n')
  process.exitCode = 2
} else {
  const { main } = await import(cli.href)
  process.exitCode = await main(process.argv.slice(2))
}
