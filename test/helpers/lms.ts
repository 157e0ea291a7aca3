import { createServer, type Server } from 'node:http'
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { readZip } from './zip.js'
import { manifestLaunches, type Launch } from '../../src/lab/package.js'
import { buildCourse } from '../../src/build.js'
import type { TargetName } from '../../src/targets/index.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.pdf': 'application/pdf', '.xml': 'application/xml',
  '.vtt': 'text/vtt', '.ogg': 'audio/ogg', '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.json': 'application/json',
}

/** Unzips a package into a fresh folder, as an LMS does on import. */
export async function unpack(zipPath: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coursepack-pkg-'))
  for (const entry of await readZip(zipPath)) {
    const target = join(dir, entry.name)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, entry.data)
  }
  return dir
}

/** Builds a course folder for one target into a fresh folder and unpacks the zip; a course with errors fails, saying them. */
export async function buildUnpacked(courseDir: string, target: TargetName): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'coursepack-build-'))
  const result = await buildCourse(courseDir, { targets: [target], outDir })
  if (!result.outputs[0]) throw new Error(`${courseDir} did not build: ${result.diagnostics.map((d) => d.message).join(' ')}`)
  return unpack(result.outputs[0].path)
}

/** The SCO launches of a SCORM manifest (1.2 or 2004), in organization order, read as the lab and check read them. */
export async function scoLaunches(packageDir: string): Promise<Launch[]> {
  return manifestLaunches(await readFile(join(packageDir, 'imsmanifest.xml'), 'utf8'))
}

export interface LmsServer { url: string; close: () => Promise<void> }

/**
 * Serves an unpacked package under /pkg/ on loopback, for tests that launch content the way an LMS
 * links to it (xAPI query parameters). SCORM tests run on the product's own LMS page instead
 * (src/lab, through test/helpers/lab-scorm.ts). Never serves outside the package folder.
 */
export async function startLms(packageDir: string): Promise<LmsServer> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    try {
      if (url.pathname.startsWith('/pkg/')) return await servePackageFile(res, packageDir, url.pathname.slice(5))
      send(res, 404, 'text/plain', 'not found')
    } catch {
      send(res, 404, 'text/plain', 'not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A file of the unpacked package at `rel` (URL-encoded), never one outside it. */
export async function servePackageFile(res: import('node:http').ServerResponse, packageDir: string, rel: string): Promise<void> {
  const path = normalize(decodeURIComponent(rel))
  if (path.startsWith('..') || path.includes(`${sep}..`)) return send(res, 403, 'text/plain', 'outside')
  const body = await readFile(join(packageDir, path))
  send(res, 200, TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', body)
}

export function send(res: import('node:http').ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}
