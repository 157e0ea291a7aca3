#!/usr/bin/env node
// Builds coursepack itself: the CLI bundle (lib/cli.js) and one player bundle per tracking adapter
// (lib/player/<adapter>.js), the preview lab's page (lib/lab/lab.js) and check's in-frame learner
// (lib/check/learner-frame.js). Runs on `npm install` (prepare) and before tests and benchmarks.
import { build } from 'esbuild'
import { readdirSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('..', import.meta.url))
const entriesDir = join(root, 'src/player/entries')
const playerEntries = existsSync(entriesDir)
  ? readdirSync(entriesDir).filter((f) => f.endsWith('.ts')).sort().map((f) => join(entriesDir, f))
  : []

// archiver's zip writer imports `crc-32` (CRC in JavaScript); the bundle uses zlib's native CRC instead.
const nativeCrc32 = {
  name: 'native-crc32',
  setup(b) {
    b.onResolve({ filter: /^crc-32$/ }, () => ({ path: join(root, 'src/package/crc32-native.ts') }))
  },
}

/** A script for the browser: one self-contained, minified IIFE (no licence comments unless `legalComments` says). */
const browserBundle = (options) => build({ bundle: true, platform: 'browser', format: 'iife', minify: true, legalComments: 'none', logLevel: 'warning', ...options })

await Promise.all([
  build({
    entryPoints: [join(root, 'src/cli.ts')],
    outfile: join(root, 'lib/cli.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too: resolving and loading hundreds of small files from node_modules
    // took more than half of a small course's build time. Their CommonJS parts need a require().
    banner: { js: "import { createRequire as __coursepackRequire } from 'node:module'; const require = __coursepackRequire(import.meta.url);" },
    minify: true,
    keepNames: true,
    sourcemap: true,
    legalComments: 'linked',
    plugins: [nativeCrc32],
    // xmllint-wasm starts a worker from its own folder (and loads its .wasm there): it stays in node_modules.
    external: ['xmllint-wasm'],
    logLevel: 'warning',
  }),
  // The preview lab's page (src/lab/page/): scorm-again, the LMS-side runtime, is bundled into it.
  existsSync(join(root, 'src/lab/page/main.ts')) && browserBundle({
    entryPoints: [join(root, 'src/lab/page/main.ts')], outfile: join(root, 'lib/lab/lab.js'),
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'], legalComments: 'linked',
  }),
  // check's learner inside the course's frame (src/check/frame/): sent into the frame as a script, once a document.
  existsSync(join(root, 'src/check/frame/main.ts')) && browserBundle({
    entryPoints: [join(root, 'src/check/frame/main.ts')], outfile: join(root, 'lib/check/learner-frame.js'),
    target: ['es2020', 'chrome90'],
  }),
  playerEntries.length > 0 && browserBundle({
    entryPoints: playerEntries, outdir: join(root, 'lib/player'),
    target: ['es2019', 'chrome80', 'firefox78', 'safari15'],
  }),
])
