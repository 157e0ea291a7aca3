#!/usr/bin/env node
import { existsSync } from 'node:fs'

const cli = new URL('../lib/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('coursepack is not built yet: run `npm install` in the coursepack folder first.\n')
  process.exitCode = 2
} else {
  const { main } = await import(cli.href)
  process.exitCode = await main(process.argv.slice(2))
}
