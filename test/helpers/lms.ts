import { createServer, type Server } from 'node:http'
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, sep } from 'node:path'
import type { Page } from 'playwright-core'
import { repoRoot } from './paths.js'
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

export interface LmsServer { url: string; close: () => Promise<void> }

/**
 * Serves an unpacked package under /pkg/ and, for SCORM 2004, an LMS host page at /lms/host2004.html
 * that puts scorm-again's Scorm2004API on `window.API_1484_11` (behind a recorder that logs every
 * call and its error code) and opens the SCO in an iframe, as Moodle does. Same origin, loopback only.
 * SCORM 1.2 browser tests run on the product's lab page instead (test/helpers/lab-scorm.ts); the 2004
 * host page stays until the lab hands a graded SCO cmi.scaled_passing_score (RTE 4.2.22).
 */
export async function startLms(packageDir: string): Promise<LmsServer> {
  const scormAgain2004 = await readFile(join(repoRoot, 'node_modules/scorm-again/dist/scorm2004.min.js'))
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    try {
      if (url.pathname === '/lms/scorm2004.js') return send(res, 200, TYPES['.js'], scormAgain2004)
      if (url.pathname === '/lms/host2004.html') return send(res, 200, TYPES['.html'], HOST_PAGE_2004)
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

/** What the LMS kept from one session: every API call, and the CMI data when the SCO finished. */
export interface ApiCall { method: string; args: string[]; result: string; error: string }
export interface LmsSession { calls: ApiCall[]; finishedCmi?: Record<string, any>; committedCmi?: Record<string, any> }

// ---- SCORM 2004 ---------------------------------------------------------------------------------

/** The SCO launch hrefs of a SCORM 2004 manifest (adlcp:scormType, capital T), in organization order. */
export async function scoLaunches2004(packageDir: string): Promise<{ item: string; title: string; href: string }[]> {
  const xml = await readFile(join(packageDir, 'imsmanifest.xml'), 'utf8')
  const hrefs = new Map([...xml.matchAll(/<resource identifier="([^"]+)"[^>]*adlcp:scormType="sco"[^>]*href="([^"]+)"/g)].map((m) => [m[1], m[2]]))
  return [...xml.matchAll(/<item identifier="([^"]+)" identifierref="([^"]+)">\s*<title>([^<]*)<\/title>/g)]
    .map((m) => ({ item: m[1], title: m[3], href: hrefs.get(m[2]) ?? '' }))
}

/** A 2004 session also records the navigation the SCO asked for at Terminate (scorm-again's Sequence* events). */
export interface LmsSession2004 extends LmsSession { navigation: string[] }

const HOST_PAGE_2004 = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS 2004</title>
<script src="/lms/scorm2004.js"></script>
<script>
  // A stand-in for Moodle's 2004 player page: API_1484_11 on this window, the SCO in an iframe.
  const params = new URLSearchParams(location.search)
  const api = new Scorm2004API({ lmsCommitUrl: false, autocommit: false, logLevel: 5 })
  const saved = window.__LMS_SAVED__
  if (saved) api.loadFromJSON(saved)
  const lms = window.__LMS__ = { calls: [], navigation: [], finishedCmi: undefined, committedCmi: undefined }
  for (const event of ['SequenceNext', 'SequencePrevious', 'SequenceExit', 'SequenceExitAll', 'SequenceChoice']) {
    api.on(event, () => lms.navigation.push(event))
  }
  const snapshot = () => JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi))
  function record(method, args) {
    const result = String(api[method](...args))
    const error = String(api.GetLastError())
    lms.calls.push({ method, args: args.map(String), result, error })
    if (method === 'Commit') lms.committedCmi = snapshot()
    if (method === 'Terminate') lms.finishedCmi = snapshot()
    return result
  }
  window.API_1484_11 = {
    Initialize: (a) => record('Initialize', [a]),
    Terminate: (a) => { lms.finishedCmi = snapshot(); return record('Terminate', [a]) },
    GetValue: (e) => record('GetValue', [e]),
    SetValue: (e, v) => record('SetValue', [e, v]),
    Commit: (a) => record('Commit', [a]),
    GetLastError: () => String(api.GetLastError()),
    GetErrorString: (c) => String(api.GetErrorString(c)),
    GetDiagnostic: (c) => String(api.GetDiagnostic(c)),
  }
</script>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style>
</head><body>
<script>document.write('<iframe id="sco" title="Course" src="/pkg/' + (params.get('launch') || 'index.html') + '"></iframe>')</script>
</body></html>`

/**
 * The data a 2004 LMS hands back on relaunch. Like Moodle (loaddatamodel.php, RTE 4.2.8): location and
 * suspend data only after exit=suspend, and then entry "resume"; otherwise entry "" and no leftovers.
 */
export function relaunchData2004(finished: Record<string, any>): Record<string, any> {
  const suspended = finished.exit === 'suspend'
  return {
    completion_status: finished.completion_status ?? 'unknown',
    success_status: finished.success_status ?? 'unknown',
    entry: suspended ? 'resume' : '',
    score: finished.score ?? {},
    learner_id: finished.learner_id ?? '',
    learner_name: finished.learner_name ?? '',
    ...(suspended ? { location: finished.location ?? '', suspend_data: finished.suspend_data ?? '' } : {}),
  }
}

/** Opens the 2004 host page on a SCO, optionally with the data saved by an earlier session. */
export async function launch2004(page: Page, lms: LmsServer, launchHref = 'index.html', saved?: Record<string, any>): Promise<void> {
  await page.addInitScript((data) => { (window as any).__LMS_SAVED__ = data }, saved ?? null)
  await page.goto(`${lms.url}/lms/host2004.html?launch=${encodeURIComponent(launchHref)}`)
}

export function session2004(page: Page): Promise<LmsSession2004> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as any).__LMS__)))
}
