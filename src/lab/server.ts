// The lab: a local LMS on loopback that hosts one unpacked package the way an LMS does. SCORM
// content finds scorm-again's API object on the lab page and runs in its iframe; xAPI and cmi5
// content is launched with the proper query parameters against the lab's own in-memory LRS. The
// page reports every SCORM call here as it happens; the server keeps the log of the attempt, judges
// values against Moodle's stricter formats and pushes the log to the page (Server-Sent Events).
import { randomBytes, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { toolRoot } from '../paths.js'
import type { TargetName } from '../targets/index.js'
import { BadRequestError, parseBoundedJson, readBody } from './json-limits.js'
import { LAUNCH_MODES, type LaunchMode, type PackageFacts } from './launch.js'
import { handleXapi, newLrsStore, stateKey, type LrsEvent, type LrsStore } from './lrs.js'
import { moodleProblems, newFormatMemory, type FormatMemory } from './moodle.js'
import { launchHref, sameHref, type Launch } from './package.js'
import { labPageHtml } from './page-html.js'
import type { CmiData } from './resume.js'
import { everyVersion } from '../scorm-api.js'
import { isScorm, readFacts, STANDARDS, talksToLrs } from './standards.js'
import type { LabSummary } from './summary.js'

export { LAB_LEARNER } from './launch.js'

/**
 * An unpacked package; launch = href relative to dir (from the manifest / tincan.xml / cmi5.xml).
 * `launches`, when the package has several (a SCO or AU per module), are offered on the page to
 * launch instead, each as a new attempt.
 */
export interface LabPackage { dir: string; target: TargetName; launch: string; title?: string; launches?: Launch[] }
/** Default 127.0.0.1, port 0 (any free). */
export interface LabOptions {
  host?: string
  port?: number
  /**
   * false: the page's panel is not kept up to date (its buttons still work). For `check`, where no
   * one looks at it: drawing hundreds of calls cost the course's renderer about a third of its time.
   */
  panel?: boolean
}
/** One SCORM API call; error = the runtime's error code after the call. xAPI/cmi5 requests are logged alike (method "POST statements", result = HTTP status). */
export interface LabCall { method: string; args: string[]; result: string; error: string }
export interface LabProblem { severity: 'error' | 'warning'; message: string; session: number; call?: number }
export interface LabSession { initialized: boolean; finished: boolean; calls: LabCall[] }
export interface LabLog {
  target: TargetName
  attempt: number
  /** One per launch of the content in this attempt. */
  sessions: LabSession[]
  /** Runtime errors, Moodle-format violations, statements refused or flagged by xapi-validation. */
  problems: LabProblem[]
  /** SCORM: the CMI data the LMS holds; xAPI/cmi5: the state documents (by stateId). */
  data: Record<string, unknown>
  /** xAPI/cmi5, oldest first. */
  statements: Record<string, unknown>[]
  /** What the side panel shows: status, score, location, suspend data against its limit, session time, interactions. */
  summary: LabSummary
}
export interface Lab {
  /** The LMS page; the content runs in <iframe id="lab-content" title="Course">. */
  url: string
  /** Serve this package and (re)launch it on the page (new attempt). */
  setPackage(pkg: LabPackage): void
  /** The href launched now: the package's, or the one of its launches chosen on the page since. */
  shownLaunch(): string | undefined
  /** Show this text (file:line:col lines) instead of the course. */
  setError(text: string): void
  /** What happened in the current attempt (the page reports SCORM calls to the server as they happen): a copy of its own each call. */
  log(): LabLog
  /** Resolves at the next change of the log (a call, a statement, a launch, a new attempt): wait on it instead of polling. */
  changed(): Promise<void>
  /** Resolves once no request from the page or the content is being answered (at once when none is). */
  idle(): Promise<void>
  /**
   * Resolves once no lab page is connected (at once when none is). A closed browser tab's script can
   * run on for a moment and launch the next package as well: wait on this before serving one to a new tab.
   */
  noPages(): Promise<void>
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.pdf': 'application/pdf', '.vtt': 'text/vtt', '.ogg': 'audio/ogg', '.mp3': 'audio/mpeg', '.wav': 'audio/wav',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.woff': 'font/woff', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
}

interface SessionState extends LabSession {
  memory: FormatMemory
  cmi5?: { sessionId: string; fetchKey: string; fetches: number }
  /** The content asked the LRS for a path with a doubled slash: said once a session. */
  doubledSlash?: true
}
interface AttemptState {
  number: number
  registration: string
  activityId: string
  sessions: SessionState[]
  problems: LabProblem[]
  scormData: CmiData
  store: LrsStore
  /** The LRS credentials this attempt's launches carry: content of an attempt that has ended writes with others. */
  auth: string
}

/** What the lab page sends to start a launch. */
interface LaunchRequest { generation: number; mode?: unknown }
const isLaunchRequest = (body: Record<string, unknown>): body is Record<string, unknown> & LaunchRequest => typeof body.generation === 'number'

/** One SCORM call as the lab page reports it, with the CMI data after it (the last of a batch carries it). */
interface CallReport {
  attempt: number
  session: number
  call: { method: string; args?: unknown; result?: unknown; error?: unknown }
  data?: unknown
  errorText?: unknown
}
function isCallReport(body: Record<string, unknown>): body is Record<string, unknown> & CallReport {
  return typeof body.attempt === 'number' && typeof body.session === 'number' && isRecord(body.call) && typeof body.call.method === 'string'
}

/** Where the lab serves the package's files: the content frame's pages are all under it. */
export const PACKAGE_PATH = '/pkg/'

/** The launch page's URL on the lab: each path segment encoded, a segment's own query kept. */
const packageHref = (base: string, launch: string): string =>
  `${base}${PACKAGE_PATH}${launch.split('/').map((p) => (p.includes('?') ? p : encodeURIComponent(p))).join('/')}`

const SCORM_READS = everyVersion('getValue')
const SCORM_STARTS = everyVersion('initialize')
const SCORM_ENDS = everyVersion('terminate')
const SCORM_SETS = everyVersion('setValue')

/** A JSON object from the lab page; anything else (too big, too deep, not an object) is a BadRequestError. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = parseBoundedJson((await readBody(req, 2 * 1024 * 1024)).toString('utf8') || '{}')
  if (!isRecord(body)) throw new BadRequestError('the body is not a JSON object')
  return body
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(body)
}
const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/**
 * Why a request did not come from the lab's own page, or undefined when it did (or cannot tell, as
 * from curl): its Origin, else Sec-Fetch-Site, else Referer, must be a loopback name on the lab's port.
 */
export function crossSiteReason(req: IncomingMessage, port: number): string | undefined {
  const own = (value: string) => {
    try {
      const u = new URL(value)
      return u.protocol === 'http:' && LOOPBACK.has(u.hostname) && Number(u.port || 80) === port
    } catch {
      return false
    }
  }
  const origin = req.headers.origin
  if (origin !== undefined) return own(origin) ? undefined : `the request comes from ${origin}, not from the lab page`
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? undefined : `the request comes from a ${site} page, not from the lab page`
  const referer = req.headers.referer
  if (referer !== undefined && !own(referer)) return 'the request comes from another site, not from the lab page'
  return undefined
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const host = options.host ?? '127.0.0.1'
  // Handed to the lab page in its HTML: requests that change the attempt must carry it.
  const pageToken = randomBytes(16).toString('hex')
  let pkg: LabPackage | undefined
  let pkgRoot: string | undefined // the package folder, symlinks resolved: no file outside it is served
  let facts: PackageFacts = {} // what the package says that a launch needs (STANDARDS[target].facts)
  let error: string | undefined
  let generation = 0
  let ready: Promise<void> = Promise.resolve()
  let base = ''
  let port = 0
  const clients = new Set<ServerResponse>()
  const sockets = new Set<Socket>()
  // Who waits for the log to change, and for the requests being answered to end (check's learner).
  let changeWaiters: (() => void)[] = []
  let idleWaiters: (() => void)[] = []
  const noPageWaiters: (() => void)[] = []
  let inFlight = 0
  const wake = (waiters: (() => void)[]) => { for (const w of waiters) w() }

  /** The credentials of attempts that have ended: what their content still sends (a last beacon) is refused and logged nowhere. */
  const endedAuth = new Set<string>()
  const newAttempt = (n: number): AttemptState => ({
    number: n, registration: randomUUID(), activityId: '', sessions: [], problems: [], scormData: {}, store: newLrsStore(),
    auth: `Basic ${Buffer.from(`preview:${randomBytes(16).toString('hex')}`).toString('base64')}`,
  })
  let attempt = newAttempt(0) // the first package starts attempt 1
  const nextAttempt = (): AttemptState => {
    endedAuth.add(attempt.auth)
    return newAttempt(attempt.number + 1)
  }

  const target = (): TargetName => pkg?.target ?? 'web'

  function state() {
    const launches = pkg?.launches && pkg.launches.length > 1 ? pkg.launches.map((l) => ({ href: launchHref(l.href), title: l.title })) : []
    return {
      generation, target: pkg?.target ?? null, runtime: pkg ? STANDARDS[pkg.target].runtime : null, title: pkg?.title ?? null, error: error ?? null,
      attempt: attempt.number, launch: pkg?.launch ?? null, launches,
    }
  }

  /** Serves `next` from now on: a new generation the page launches, a new attempt, its facts read again. */
  function servePackage(next: LabPackage): void {
    const launch = launchHref(next.launch)
    pkg = { ...next, launch }
    error = undefined
    generation++
    attempt = nextAttempt()
    pkgRoot = undefined
    const dir = resolve(next.dir)
    ready = (async () => {
      pkgRoot = await realpath(dir)
      facts = await readFacts(dir, next.target, launch)
    })()
    void ready.catch(() => undefined).then(pushState)
  }

  function log(): LabLog {
    const isXapi = talksToLrs(target())
    const data: Record<string, unknown> = {}
    if (isXapi) {
      for (const doc of attempt.store.states.values()) {
        try { data[doc.stateId] = parseBoundedJson(doc.body) } catch { data[doc.stateId] = doc.body }
      }
    }
    const result: LabLog = {
      target: target(),
      attempt: attempt.number,
      sessions: attempt.sessions.map((s) => ({ initialized: s.initialized, finished: s.finished, calls: s.calls.map((c) => ({ ...c, args: [...c.args] })) })),
      problems: attempt.problems.map((p) => ({ ...p })),
      data: isXapi ? data : structuredClone(attempt.scormData),
      statements: structuredClone(attempt.store.statements),
      summary: { status: '', score: '', location: '', sessionTime: '', interactions: [] },
    }
    try {
      result.summary = STANDARDS[result.target].summarize(result)
    } catch (e) {
      // Whatever the content sent, the log is still readable: the summary stays empty and says why.
      result.problems.push({ severity: 'error', message: `the lab could not summarize the attempt: ${e instanceof Error ? e.message : String(e)}`, session: 0 })
    }
    return result
  }

  // ---- live updates -------------------------------------------------------------------------------
  let logTimer: NodeJS.Timeout | undefined
  function event(res: ServerResponse, name: string, data: unknown): void {
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  function pushState(): void {
    guarded('pushing the state to the page', () => {
      for (const c of clients) event(c, 'state', state())
      pushLog()
    })
  }
  function pushLog(): void {
    const waiting = changeWaiters
    changeWaiters = []
    wake(waiting)
    if (logTimer) return
    if (options.panel === false) return
    logTimer = setTimeout(() => guarded('pushing the log to the page', () => {
      logTimer = undefined
      if (clients.size === 0) return
      const current = log()
      for (const c of clients) event(c, 'log', current)
    }), 60)
  }

  function problem(p: LabProblem): void {
    attempt.problems.push(p)
  }

  /** The lab's own fault, as a problem line: the attempt goes on and the server stays up. */
  function labFault(where: string, error: unknown): void {
    problem({ severity: 'error', message: `the lab failed while ${where}: ${error instanceof Error ? error.message : String(error)}`, session: Math.max(0, attempt.sessions.length - 1) })
  }

  /** Every callback the server runs outside a request (timers, events) goes through here: nothing throws past the lab. */
  function guarded(where: string, fn: () => void): void {
    try {
      fn()
    } catch (error) {
      labFault(where, error)
    }
  }

  // ---- SCORM calls reported by the page -------------------------------------------------------------
  function recordCall(body: Record<string, unknown>): void {
    if (!isCallReport(body) || body.attempt !== attempt.number) return // not a call, or a late report from an attempt already replaced
    const index = body.session
    const session = attempt.sessions[index]
    const reported = body.call
    if (!session) return
    const call: LabCall = {
      method: reported.method, args: Array.isArray(reported.args) ? reported.args.map(String) : [],
      result: String(reported.result ?? ''), error: String(reported.error ?? '0'),
    }
    session.calls.push(call)
    const at = session.calls.length - 1
    if (SCORM_STARTS.has(call.method) && call.result === 'true') session.initialized = true
    if (SCORM_ENDS.has(call.method) && call.result === 'true') session.finished = true
    if (isRecord(body.data)) attempt.scormData = body.data
    const current = target()
    const shown = `${call.method}(${call.args.map((a) => JSON.stringify(a.length > 80 ? `${a.slice(0, 77)}…` : a)).join(', ')})`
    if (call.error !== '0' && call.error !== '') {
      problem({
        severity: SCORM_READS.has(call.method) ? 'warning' : 'error',
        message: `${shown} → error ${call.error}${body.errorText ? ` (${String(body.errorText)})` : ''}`,
        session: index, call: at,
      })
    } else if (SCORM_SETS.has(call.method) && call.args.length >= 2 && isScorm(current)) {
      for (const message of moodleProblems(current, call.args[0]!, call.args[1]!, session.memory)) {
        problem({ severity: 'error', message: `Moodle would refuse this value (scorm-again accepted it): ${message}`, session: index, call: at })
      }
    }
    pushLog()
  }

  function recordXapi(e: LrsEvent): void {
    const index = attempt.sessions.length - 1
    const session = attempt.sessions[index]
    if (!session) return
    session.calls.push({ method: `${e.method} ${e.resource}`, args: e.verbs, result: String(e.status), error: e.error })
    const at = session.calls.length - 1
    if (e.resource === 'statements' && e.status < 300 && (e.method === 'POST' || e.method === 'PUT')) {
      if (e.verbs.includes('initialized') || e.verbs.includes('launched')) session.initialized = true
      if (e.verbs.includes('terminated') || e.verbs.includes('exited')) session.finished = true
    }
    if (e.status >= 400 && !(e.status === 404 && e.method === 'GET')) {
      problem({ severity: 'error', message: `${e.method} ${e.resource}${e.verbs.length ? ` (${e.verbs.join(', ')})` : ''} refused with ${e.status}: ${e.error}`, session: index, call: at })
    }
    pushLog()
  }

  // ---- launching --------------------------------------------------------------------------------
  /** What the lab page gets back: where to point the content, and SCORM's starting data. */
  async function launch(mode: LaunchMode): Promise<Record<string, unknown>> {
    await ready
    if (!pkg) throw new Error('no package')
    if (mode === 'restart') attempt = nextAttempt()
    const index = attempt.sessions.length
    const plan = STANDARDS[pkg.target].launch({
      base, href: packageHref(base, pkg.launch), auth: attempt.auth, mode, session: index,
      registration: attempt.registration, activityId: attempt.activityId, previous: attempt.scormData, facts,
      fresh: { activityId: randomUUID(), sessionId: randomUUID(), fetchKey: randomBytes(16).toString('hex') },
    })
    attempt.sessions.push({ initialized: false, finished: false, calls: [], memory: newFormatMemory(), ...(plan.cmi5 ? { cmi5: { ...plan.cmi5, fetches: 0 } } : {}) })
    if (plan.activityId) attempt.activityId = plan.activityId
    if (plan.state) {
      const { activityId, agent, stateId, registration, body } = plan.state
      attempt.store.states.set(stateKey(activityId, agent, stateId, registration), { contentType: 'application/json', body, stateId })
    }
    pushLog()
    return { attempt: attempt.number, session: index, target: pkg.target, generation, url: plan.url, ...(plan.saved ? { saved: plan.saved } : {}) }
  }

  function cmi5Fetch(key: string, res: ServerResponse): void {
    const session = attempt.sessions.find((s) => s.cmi5?.fetchKey === key)
    if (!session) return sendJson(res, 200, { 'error-code': '2', 'error-text': 'Unknown or expired launch.' })
    session.cmi5!.fetches++
    const index = attempt.sessions.indexOf(session)
    const first = session.cmi5!.fetches === 1
    session.calls.push({ method: 'POST fetch', args: [], result: first ? '200' : 'error 1', error: first ? '' : 'the authorization token has already been returned' })
    if (!first) problem({ severity: 'error', message: 'The AU called the fetch URL again: cmi5 §8.2 hands the token out once, so a refreshed AU cannot talk to the LRS', session: index, call: session.calls.length - 1 })
    pushLog()
    sendJson(res, 200, first ? { 'auth-token': attempt.auth.replace(/^Basic\s+/, '') } : { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' })
  }

  // ---- files of the package ---------------------------------------------------------------------
  async function servePackageFile(pathname: string, res: ServerResponse): Promise<void> {
    await ready.catch(() => undefined) // a package just set is served once its folder is resolved, not 404 meanwhile
    if (!pkg || !pkgRoot) return send(res, 404, 'text/plain', 'no package')
    let rel: string
    try { rel = decodeURIComponent(pathname) } catch { return send(res, 400, 'text/plain', 'bad path') }
    const segments = rel.split(/[\\/]/)
    if (rel.includes('\0') || segments.some((s) => s === '..') || rel.startsWith('/')) return send(res, 403, 'text/plain', 'outside the package')
    const file = resolve(pkgRoot, rel)
    if (!file.startsWith(pkgRoot + sep)) return send(res, 403, 'text/plain', 'outside the package')
    let real: string
    try { real = await realpath(file) } catch { return send(res, 404, 'text/plain', 'not found') }
    if (!real.startsWith(pkgRoot + sep)) return send(res, 403, 'text/plain', 'outside the package') // a symlink out
    const info = await stat(real).catch(() => undefined)
    if (!info?.isFile()) return send(res, 404, 'text/plain', 'not found')
    res.writeHead(200, { 'content-type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    createReadStream(real).on('error', () => res.destroy()).pipe(res)
  }

  // ---- the server -------------------------------------------------------------------------------
  type Route = (req: IncomingMessage, res: ServerResponse, url: URL, rest: string) => unknown
  const labPage: Route = (_req, res) => send(res, 200, 'text/html; charset=utf-8', labPageHtml(pageToken))
  /** The lab's own paths. A path a route does not take (another method) is not found, as before the table. */
  const routes: Record<string, Route> = {
    '/': labPage,
    '/index.html': labPage,
    '/lab/lab.js': async (_req, res) => {
      const js = await readFile(join(toolRoot, 'lib', 'lab', 'lab.js')).catch(() => undefined)
      return js ? send(res, 200, TYPES['.js'], js) : send(res, 500, 'text/plain', 'lib/lab/lab.js is missing: run `npm run build:tool`')
    },
    '/lab/state': (_req, res) => sendJson(res, 200, state()),
    '/lab/log': (_req, res, url) => {
      const body = JSON.stringify(log(), null, 2)
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store',
        ...(url.searchParams.has('download') ? { 'content-disposition': `attachment; filename="coursepack-${target()}-attempt-${attempt.number}.json"` } : {}),
      })
      res.end(body)
    },
    '/lab/events': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      clients.add(res)
      req.on('close', () => {
        clients.delete(res)
        if (clients.size === 0) wake(noPageWaiters.splice(0))
      })
      event(res, 'state', state())
      event(res, 'log', log())
    },
    '/lab/launch': async (req, res) => {
      if (req.method !== 'POST') return notFound(res)
      const body = await readJson(req)
      if (!isLaunchRequest(body) || body.generation !== generation || !pkg || error) return sendJson(res, 409, { state: state() })
      return sendJson(res, 200, await launch(LAUNCH_MODES.find((m) => m === body.mode) ?? 'launch'))
    },
    '/lab/choose': async (req, res) => {
      if (req.method !== 'POST') return notFound(res)
      // Another SCO or AU of the package, picked on the page: launched as a new attempt, as each is in check.
      const body = await readJson(req)
      if (!isLaunchRequest(body) || body.generation !== generation || !pkg || error) return sendJson(res, 409, { state: state() })
      const chosen = typeof body.href === 'string' ? pkg.launches?.find((l) => sameHref(l.href, body.href as string)) : undefined
      if (!chosen) throw new BadRequestError('the href is none of the package\'s launches')
      servePackage({ ...pkg, launch: chosen.href })
      res.writeHead(204, { 'cache-control': 'no-store' })
      res.end()
    },
    '/lab/call': async (req, res) => {
      if (req.method !== 'POST') return notFound(res)
      // The calls the page made since its last report, in order.
      const { reports } = await readJson(req)
      if (Array.isArray(reports)) for (const report of reports) if (isRecord(report)) recordCall(report)
      res.writeHead(204, { 'cache-control': 'no-store' })
      res.end()
    },
    '/lab/returned': (_req, res) => send(res, 200, 'text/html; charset=utf-8', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returned</title></head><body style="font:16px system-ui;margin:3rem;color:#444">The course returned to the LMS. Press <b>Leave and relaunch</b> to launch it again.</body></html>'),
  }
  /** What the content reaches: the package's files, the LRS, the cmi5 fetch URL; `rest` is the path after the prefix. */
  const prefixes: [string, Route][] = [
    [PACKAGE_PATH, (_req, res, _url, rest) => servePackageFile(rest, res)],
    ['/xapi/', (req, res, url, rest) => {
      // A statement from the content of an ended attempt (its unload beacon, after a restart or the next
      // package) belongs to no launch of this one: refused, and kept out of this attempt's log.
      if (endedAuth.has(req.headers.authorization ?? '')) return send(res, 401, 'text/plain', 'the attempt these credentials were launched for has ended')
      // `${endpoint}/statements` on an endpoint ending in / (ADL's cmi5.js does it) doubles a slash: web
      // servers in front of LRSs merge it (nginx by default), so the lab does too, and says so once a session.
      const resource = rest.split('/').filter(Boolean).join('/')
      const session = attempt.sessions.at(-1)
      if (session && !session.doubledSlash && /\/\/|^\//.test(rest)) {
        session.doubledSlash = true
        problem({ severity: 'warning', message: `the content doubled a slash after the xAPI endpoint (${req.method} ${url.pathname}): the lab and LRSs behind most web servers merge it, a strict LRS answers 404`, session: attempt.sessions.length - 1 })
      }
      return handleXapi(req, res, resource, url, attempt.store, attempt.auth, recordXapi)
    }],
    ['/cmi5/fetch/', (req, res, _url, rest) => (req.method === 'POST' ? cmi5Fetch(rest, res) : send(res, 405, 'text/plain', 'POST only (cmi5 §8.2.1)'))],
  ]
  const notFound = (res: ServerResponse) => send(res, 404, 'text/plain', 'not found')

  const server: Server = createServer(async (req, res) => {
    // The event stream stays open for the page's life: it is not a request being answered.
    if (req.url !== '/lab/events') {
      inFlight++
      res.once('close', () => {
        if (--inFlight > 0) return
        const waiting = idleWaiters
        idleWaiters = []
        wake(waiting)
      })
    }
    try {
      // A page elsewhere must not reach the lab through a name that resolves to loopback (DNS rebinding).
      const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '')
      if (LOOPBACK.has(host) && !LOOPBACK.has(hostHeader)) return send(res, 403, 'text/plain', 'the lab answers on loopback names only')
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const path = url.pathname
      if (req.method === 'POST' && path.startsWith('/lab/')) {
        // Any web page the learner has open can POST here (a text/plain form needs no CORS): only the lab page may.
        const refused = crossSiteReason(req, port) ?? (url.searchParams.get('token') === pageToken ? undefined : 'the lab page\'s token is missing or wrong')
        if (refused) return send(res, 403, 'text/plain', `refused: ${refused}`)
      }
      const own = Object.hasOwn(routes, path) ? routes[path] : undefined
      if (own) return await own(req, res, url, '')
      const [prefix, route] = prefixes.find(([p]) => path.startsWith(p)) ?? []
      if (prefix && route) return await route(req, res, url, path.slice(prefix.length))
      notFound(res)
    } catch (e) {
      // One guard for every request: a bad request is a 400, anything else is the lab's fault (500), shown as a problem.
      const message = e instanceof Error ? e.message : String(e)
      if (e instanceof BadRequestError) problem({ severity: 'error', message: `${req.method} ${req.url?.replace(/\?.*$/, '')} refused: ${message}`, session: Math.max(0, attempt.sessions.length - 1) })
      else labFault(`answering ${req.method} ${req.url?.replace(/\?.*$/, '')}`, e)
      guarded('pushing the log to the page', pushLog)
      if (!res.headersSent) send(res, e instanceof BadRequestError ? 400 : 500, 'text/plain', message)
      else res.destroy()
    }
  })
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolvePromise() })
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  base = `http://${shownHost}:${port}`

  return {
    url: `${base}/`,
    setPackage: servePackage,
    shownLaunch: () => pkg?.launch,
    setError(text: string) {
      error = text
      generation++
      pushState()
    },
    log,
    changed: () => new Promise<void>((r) => { changeWaiters.push(r) }),
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => { idleWaiters.push(r) })),
    noPages: () => (clients.size === 0 ? Promise.resolve() : new Promise<void>((r) => { noPageWaiters.push(r) })),
    async close() {
      if (logTimer) clearTimeout(logTimer)
      for (const c of clients) c.end()
      clients.clear()
      wake(noPageWaiters.splice(0))
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
