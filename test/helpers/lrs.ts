import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { agentKey, statementWarnings } from '../../src/lab/lrs.js'
import { repoRoot } from './paths.js'

// The same validation and agent identity the lab's LRS uses; tests import statementWarnings from here.
export { statementWarnings }


export type Statement = Record<string, any>

export interface TestLrs {
  /** What a launch link carries as `endpoint`: ends with '/'. */
  endpoint: string
  /** What a launch link carries as `auth`. */
  auth: string
  /** Every statement Learning Locker stored, oldest first (optionally for one registration). */
  statements(registration?: string): Promise<Statement[]>
  /** The state documents, by activityId|agent|stateId|registration. */
  states: Map<string, { contentType: string; body: string }>
  /** While down, every connection to the LRS is closed without an answer, as when the network is gone. */
  setDown(down: boolean): void
  /** Requests that reached the LRS (method and path), for counting. */
  log: { method: string; path: string; status: number }[]
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as AddressInfo).port
  await new Promise((resolve) => probe.close(resolve))
  return port
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    try {
      const r = await fetch(url, { headers: { 'X-Experience-API-Version': '1.0.3' } })
      if (r.status < 500) return
    } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error(`the LRS at ${url} did not start`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function cors(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
    'Access-Control-Expose-Headers': 'ETag, Last-Modified, X-Experience-API-Version',
    'Access-Control-Max-Age': '600',
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * The smallest real State API (xAPI-Communication §2.3) beside Learning Locker's statements
 * service, which has none: one document per activityId + agent + stateId + registration; PUT
 * replaces (204), POST merges JSON objects (204), GET answers 200 or 404, DELETE 204.
 */
async function stateApi(req: IncomingMessage, res: ServerResponse, url: URL, states: TestLrs['states']): Promise<number> {
  const headers = { ...cors(req), 'X-Experience-API-Version': '1.0.3' }
  const reply = (status: number, body = '', type = 'text/plain'): number => {
    res.writeHead(status, { ...headers, ...(body ? { 'Content-Type': type } : {}) })
    res.end(body)
    return status
  }
  if (!req.headers['x-experience-api-version']) return reply(400, 'X-Experience-API-Version header missing')
  if (!req.headers.authorization) return reply(401, 'Authorization header missing')
  const activityId = url.searchParams.get('activityId')
  const agent = agentKey(url.searchParams.get('agent'))
  const stateId = url.searchParams.get('stateId')
  const registration = url.searchParams.get('registration') ?? ''
  if (!activityId || !agent || (!stateId && req.method !== 'GET' && req.method !== 'DELETE')) return reply(400, 'activityId, agent and stateId are required')
  const key = [activityId, agent, stateId, registration].join('|')
  switch (req.method) {
    case 'GET': {
      const doc = states.get(key)
      return doc ? reply(200, doc.body, doc.contentType) : reply(404, 'Not Found')
    }
    case 'PUT': {
      const body = (await readBody(req)).toString('utf8')
      states.set(key, { contentType: req.headers['content-type'] ?? 'application/octet-stream', body })
      return reply(204)
    }
    case 'POST': {
      const body = (await readBody(req)).toString('utf8')
      const old = states.get(key)
      try {
        const merged = { ...(old ? JSON.parse(old.body) : {}), ...JSON.parse(body) }
        states.set(key, { contentType: 'application/json', body: JSON.stringify(merged) })
        return reply(204)
      } catch {
        return reply(400, 'POST merges JSON objects only')
      }
    }
    case 'DELETE':
      states.delete(key)
      return reply(204)
    default:
      return reply(405, 'Method Not Allowed')
  }
}

/**
 * A real LRS on 127.0.0.1: Learning Locker's xapi-statements (in memory: models and storage in
 * memory, its test auth and events repos) in a child process, behind a small front server that adds
 * the State API, answers CORS preflights, and can play dead (close every connection) on demand.
 */
export async function startLrs(): Promise<TestLrs> {
  const llPort = await freePort()
  const cwd = await mkdtemp(join(tmpdir(), 'coursepack-lrs-'))
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'node_modules/xapi-statements/dist/index.js')], {
    cwd,
    env: {
      ...process.env,
      EXPRESS_PORT: String(llPort),
      AUTH_REPO: 'test', EVENTS_REPO: 'test', MODELS_REPO: 'memory', STORAGE_REPO: 'memory',
      SERVICE_AWAIT_UPDATES: 'true',
      WINSTON_CONSOLE_LEVEL: 'error',
      EXPRESS_MORGAN_DIRECTORY: join(cwd, 'accessLogs'),
      FS_LOCAL_STORAGE_DIR: join(cwd, 'storage'),
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString() })
  const llUrl = `http://127.0.0.1:${llPort}`
  try {
    await waitFor(`${llUrl}/xAPI/about`, 20_000)
  } catch (e) {
    child.kill()
    throw new Error(`${String(e)}\n${stderr}`)
  }

  const states: TestLrs['states'] = new Map()
  const log: TestLrs['log'] = []
  let down = false
  const sockets = new Set<Socket>()

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (down) { req.socket.destroy(); return }
    const note = (status: number) => log.push({ method: req.method ?? '', path: url.pathname, status })
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors(req))
      res.end()
      return
    }
    if (/^\/xapi\/activities\/state$/i.test(url.pathname)) {
      note(await stateApi(req, res, url, states))
      return
    }
    // Everything else is Learning Locker's: forward as is, answer with CORS for the package's origin.
    const upstream = httpRequest(`${llUrl}${req.url}`, { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${llPort}` } }, (up) => {
      const headers = { ...up.headers }
      delete headers['access-control-allow-origin']
      delete headers['access-control-allow-credentials']
      res.writeHead(up.statusCode ?? 502, { ...headers, ...cors(req) })
      up.pipe(res)
      note(up.statusCode ?? 502)
    })
    upstream.on('error', () => { res.writeHead(502, cors(req)); res.end(); note(502) })
    req.pipe(upstream)
  })
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const endpoint = `http://127.0.0.1:${port}/xapi/`
  const auth = `Basic ${Buffer.from('coursepack:test-secret').toString('base64')}`

  async function statements(registration?: string): Promise<Statement[]> {
    const all: Statement[] = []
    let next: string | null = `/xAPI/statements?ascending=true&limit=500${registration ? `&registration=${registration}` : ''}`
    while (next) {
      const r = await fetch(`${llUrl}${next}`, { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: auth } })
      if (!r.ok) throw new Error(`GET statements: HTTP ${r.status} ${await r.text()}`)
      const page = (await r.json()) as { statements: Statement[]; more?: string }
      all.push(...page.statements)
      next = page.more ? page.more : null
    }
    return all
  }

  return {
    endpoint,
    auth,
    statements,
    states,
    log,
    setDown(value: boolean) {
      down = value
      if (value) for (const s of sockets) s.destroy() // kept-alive connections die too
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
      child.kill()
    },
  }
}
