// The lab's own statement endpoint: a small in-memory LRS for one preview session (xAPI 1.0.3
// Communication §2): statements (POST, PUT, GET), the State API, the Agent Profile API and /about.
// Every statement is checked by xapi-validation, the validator Learning Locker's LRS runs; a
// statement it flags is refused with 400, as that LRS would, and the lab reports it as a problem.
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadRequestError, parseBoundedJson, readBody } from './json-limits.js'

const require = createRequire(import.meta.url)
let validator: ((statement: unknown) => unknown[]) | undefined
/** xapi-validation's warnings for one statement, as readable text (empty when the statement is clean). */
export function statementWarnings(statement: unknown): string[] {
  validator ??= (require('xapi-validation') as { default: (data: unknown) => unknown[] }).default
  return validator(statement).map((w) => {
    if (w && typeof w === 'object') {
      const o = w as { message?: unknown; path?: unknown }
      const where = Array.isArray(o.path) ? o.path.join('.') : typeof o.path === 'string' ? o.path : ''
      return `${where ? `${where}: ` : ''}${String(o.message ?? JSON.stringify(w))}`
    }
    return String(w)
  })
}

/** A statement as sent: xapi-validation has checked its shape; the LRS reads only these fields itself. */
export interface Statement {
  id?: string
  timestamp?: string
  version?: string
  verb?: { id?: unknown }
  context?: { registration?: unknown }
  [field: string]: unknown
}

export interface LrsStore {
  statements: Statement[]
  /** State documents by activityId|agent|stateId|registration. */
  states: Map<string, { contentType: string; body: string; stateId: string }>
  /** Agent profiles by agent|profileId. */
  profiles: Map<string, { contentType: string; body: string }>
}

/** Where the store keeps one State document: activity, agent (as its identifier), stateId and registration. */
export const stateKey = (activityId: string, agent: string, stateId: string, registration: string): string => [activityId, agent, stateId, registration].join('|')

export function newLrsStore(): LrsStore {
  return { statements: [], states: new Map(), profiles: new Map() }
}

/** What the endpoint tells the lab about each request: shown in the log, refusals as problems. */
export interface LrsEvent { method: string; resource: string; status: number; verbs: string[]; error: string }

const XAPI_VERSION = '1.0.3'

/** The agent as a key: the same person written with keys in another order is the same agent. */
export function agentKey(text: string | null): string | null {
  try {
    const parsed: unknown = JSON.parse(text ?? '')
    if (!parsed || typeof parsed !== 'object') return null
    const a = parsed as { mbox?: unknown; mbox_sha1sum?: unknown; openid?: unknown; account?: { homePage?: unknown; name?: unknown } }
    if (a.mbox) return `mbox:${a.mbox}`
    if (a.mbox_sha1sum) return `sha1:${a.mbox_sha1sum}`
    if (a.openid) return `openid:${a.openid}`
    if (a.account?.homePage && a.account?.name) return `account:${a.account.homePage}|${a.account.name}`
    return null
  } catch {
    return null
  }
}

/** A statement's verb by the last segment of its IRI (".../verbs/passed" is "passed"); '' without one. */
export function verbOf(statement: unknown): string {
  const id = (statement as Statement | null | undefined)?.verb?.id
  return typeof id === 'string' ? id.slice(id.lastIndexOf('/') + 1) : ''
}

/** For the log: the verb, else its id as sent. */
const verbName = (s: Statement): string => verbOf(s) || String(s?.verb?.id ?? '')

/**
 * Answers one request under the endpoint (`resource` is the path after `/xapi/`). `auth` is the
 * Authorization value the page launched the content with: anything else is 401.
 */
export async function handleXapi(req: IncomingMessage, res: ServerResponse, resource: string, url: URL, store: LrsStore, auth: string, onEvent: (e: LrsEvent) => void): Promise<void> {
  const method = req.method ?? 'GET'
  const event: LrsEvent = { method, resource, status: 0, verbs: [], error: '' }
  const reply = (status: number, body: string | object = '', type = 'application/json'): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, { 'X-Experience-API-Version': XAPI_VERSION, 'cache-control': 'no-store', ...(text ? { 'content-type': typeof body === 'string' ? type : 'application/json' } : {}) })
    res.end(text)
    event.status = status
    if (status >= 400 && !event.error) event.error = typeof body === 'string' ? body : JSON.stringify(body)
    onEvent(event)
  }
  if (method === 'OPTIONS') { res.writeHead(204); res.end(); return }
  if (resource === 'about') return reply(200, { version: [XAPI_VERSION] })
  if (!req.headers['x-experience-api-version']) return reply(400, 'X-Experience-API-Version header missing', 'text/plain')
  if (req.headers.authorization !== auth) return reply(401, req.headers.authorization ? 'Authorization does not match the launch credentials' : 'Authorization header missing', 'text/plain')

  try {
    if (resource === 'statements') return await statements(req, url, store, reply, event)
    if (resource === 'activities/state') return await documents(req, url, store, reply)
    if (resource === 'agents/profile') return await profiles(req, url, store, reply)
    return reply(404, `no xAPI resource ${resource}`, 'text/plain')
  } catch (error) {
    if (error instanceof BadRequestError) return reply(400, error.message, 'text/plain')
    throw error // the lab's own fault: its guard answers 500 and shows a problem
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

type Reply = (status: number, body?: string | object, type?: string) => void

async function statements(req: IncomingMessage, url: URL, store: LrsStore, reply: Reply, event: LrsEvent): Promise<void> {
  const method = req.method ?? 'GET'
  if (method === 'GET') {
    const id = url.searchParams.get('statementId')
    if (id) {
      const s = store.statements.find((x) => x.id === id)
      return s ? reply(200, s) : reply(404, 'Not Found', 'text/plain')
    }
    const registration = url.searchParams.get('registration')
    const list = store.statements.filter((s) => !registration || s.context?.registration === registration)
    return reply(200, { statements: url.searchParams.get('ascending') === 'true' ? list : [...list].reverse(), more: '' })
  }
  if (method !== 'POST' && method !== 'PUT') return reply(405, 'Method Not Allowed', 'text/plain')
  // Bounded before xapi-validation or anything else walks it: they recurse.
  const body = parseBoundedJson((await readBody(req)).toString('utf8'))
  const list = (Array.isArray(body) ? body : [body]) as Statement[]
  if (method === 'PUT') {
    const id = url.searchParams.get('statementId')
    if (!id) return reply(400, 'PUT needs statementId', 'text/plain')
    if (list.length !== 1) return reply(400, 'PUT takes one statement', 'text/plain')
    if (list[0].id !== undefined && list[0].id !== id) return reply(400, 'the statement id does not match statementId', 'text/plain')
    list[0] = { ...list[0], id }
  }
  event.verbs = list.map(verbName)
  const problems: string[] = []
  list.forEach((s, i) => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) { problems.push(`statement ${i + 1} is not an object`); return }
    for (const w of statementWarnings(s)) problems.push(`${list.length > 1 ? `statement ${i + 1} (${verbName(s)}): ` : ''}${w}`)
  })
  if (problems.length > 0) return reply(400, problems.join('; '), 'text/plain')
  const fresh: Statement[] = []
  for (const s of list) {
    const old = s.id ? store.statements.find((x) => x.id === s.id) : undefined
    if (old) {
      // Same id again: a resend of the same statement is fine (xAPI: no change, 204/200); different content is a conflict (409).
      if (!sameStatement(old, s)) return reply(409, `statement ${s.id} exists with other content`, 'text/plain')
      continue
    }
    const stored = new Date().toISOString()
    fresh.push({ ...s, id: s.id ?? randomUUID(), timestamp: s.timestamp ?? stored, stored, authority: { objectType: 'Agent', name: 'coursepack preview', mbox: 'mailto:preview@coursepack.invalid' }, version: s.version ?? XAPI_VERSION })
  }
  store.statements.push(...fresh)
  return method === 'PUT' ? reply(204) : reply(200, list.map((s, i) => s.id ?? fresh[i]?.id))
}

/** Canonical JSON: keys sorted at every level, so the same statement written in another key order compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Whether a resent statement is the one stored, leaving out what the LRS itself added (stored, authority, version, a timestamp it filled in). */
function sameStatement(stored: Statement, resent: Statement): boolean {
  const strip = (st: Statement) => {
    const { stored: _stored, authority: _authority, version: _version, ...rest } = st
    return rest
  }
  const a = strip(stored)
  const b = strip({ ...resent, timestamp: resent.timestamp ?? stored.timestamp })
  return canonical(a) === canonical(b)
}

async function documents(req: IncomingMessage, url: URL, store: LrsStore, reply: Reply): Promise<void> {
  const method = req.method ?? 'GET'
  const activityId = url.searchParams.get('activityId')
  const agent = agentKey(url.searchParams.get('agent'))
  const stateId = url.searchParams.get('stateId')
  const registration = url.searchParams.get('registration') ?? ''
  if (!activityId || !agent) return reply(400, 'activityId and agent are required', 'text/plain')
  if (!stateId) {
    if (method === 'GET') {
      const ids = [...store.states.entries()].filter(([k]) => k.startsWith(`${activityId}|${agent}|`) && k.endsWith(`|${registration}`)).map(([, v]) => v.stateId)
      return reply(200, ids)
    }
    if (method === 'DELETE') {
      for (const k of [...store.states.keys()]) if (k.startsWith(`${activityId}|${agent}|`) && k.endsWith(`|${registration}`)) store.states.delete(k)
      return reply(204)
    }
    return reply(400, 'stateId is required', 'text/plain')
  }
  // State: POST merges JSON objects (XAPI Communication §2.3).
  return oneDocument(req, store.states, stateKey(activityId, agent, stateId, registration), reply, (contentType, body) => ({ contentType, body, stateId }), true)
}

async function profiles(req: IncomingMessage, url: URL, store: LrsStore, reply: Reply): Promise<void> {
  const agent = agentKey(url.searchParams.get('agent'))
  const profileId = url.searchParams.get('profileId')
  if (!agent) return reply(400, 'agent is required', 'text/plain')
  if (!profileId) {
    if (req.method === 'GET') return reply(200, [...store.profiles.keys()].filter((k) => k.startsWith(`${agent}|`)).map((k) => k.slice(agent.length + 1)))
    return reply(400, 'profileId is required', 'text/plain')
  }
  // Agent Profile: the lab takes POST as PUT (the AU only reads learner preferences).
  return oneDocument(req, store.profiles, `${agent}|${profileId}`, reply, (contentType, body) => ({ contentType, body }), false)
}

/** GET, PUT, POST and DELETE of one document of a document resource (State, Agent Profile). */
async function oneDocument<D extends { contentType: string; body: string }>(
  req: IncomingMessage, docs: Map<string, D>, key: string, reply: Reply, make: (contentType: string, body: string) => D, postMerges: boolean,
): Promise<void> {
  switch (req.method) {
    case 'GET': {
      const doc = docs.get(key)
      return doc ? reply(200, doc.body, doc.contentType) : reply(404, 'Not Found', 'text/plain')
    }
    case 'PUT':
    case 'POST': {
      const body = (await readBody(req)).toString('utf8')
      if (req.method === 'PUT' || !postMerges) {
        docs.set(key, make(req.headers['content-type'] ?? 'application/octet-stream', body))
        return reply(204)
      }
      const old = docs.get(key)
      const incoming = parseBoundedJson(body)
      const before = old ? parseBoundedJson(old.body) : {}
      if (!isObject(incoming) || !isObject(before)) return reply(400, 'POST merges JSON objects only', 'text/plain')
      docs.set(key, make('application/json', JSON.stringify({ ...before, ...incoming })))
      return reply(204)
    }
    case 'DELETE':
      docs.delete(key)
      return reply(204)
    default:
      return reply(405, 'Method Not Allowed', 'text/plain')
  }
}
