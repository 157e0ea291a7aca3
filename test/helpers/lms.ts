import { createServer, type Server } from 'node:http'
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { readZip } from './zip.js'

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

/** The SCO launch hrefs of a SCORM 1.2 manifest, in organization order. */
export async function scoLaunches(packageDir: string): Promise<{ item: string; title: string; href: string }[]> {
  const xml = await readFile(join(packageDir, 'imsmanifest.xml'), 'utf8')
  const hrefs = new Map([...xml.matchAll(/<resource identifier="([^"]+)"[^>]*adlcp:scormtype="sco"[^>]*href="([^"]+)"/g)].map((m) => [m[1], m[2]]))
  return [...xml.matchAll(/<item identifier="([^"]+)" identifierref="([^"]+)">\s*<title>([^<]*)<\/title>/g)]
    .map((m) => ({ item: m[1], title: m[3], href: hrefs.get(m[2]) ?? '' }))
}

export async function scoLaunches2004(packageDir: string): Promise<{ item: string; title: string; href: string }[]> {
  const xml = await readFile(join(packageDir, 'imsmanifest.xml'), 'utf8')
  const hrefs = new Map([...xml.matchAll(/<resource identifier="([^"]+)"[^>]*adlcp:scormType="sco"[^>]*href="([^"]+)"/g)].map((m) => [m[1], m[2]]))
  return [...xml.matchAll(/<item identifier="([^"]+)" identifierref="([^"]+)">\s*<title>([^<]*)<\/title>/g)]
    .map((m) => ({ item: m[1], title: m[3], href: hrefs.get(m[2]) ?? '' }))
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
      if (url.pathname.startsWith('/pkg/')) {
        const rel = normalize(decodeURIComponent(url.pathname.slice(5)))
        if (rel.startsWith('..') || rel.includes(`${sep}..`)) return send(res, 403, 'text/plain', 'outside')
        const body = await readFile(join(packageDir, rel))
        return send(res, 200, TYPES[extname(rel).toLowerCase()] ?? 'application/octet-stream', body)
      }
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

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}
