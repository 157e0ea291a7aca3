// A small xAPI 1.0.3 client for the browser: statements go through an offline queue kept in
// localStorage and are delivered in order, in batches (one by one when the LRS refuses a batch, to
// find the bad statement), with client-made ids so a resend never duplicates; State API documents
// are read and written directly. Shared by the xAPI and cmi5 adapters. No dependencies: @xapi/xapi
// would spend 18 KB gzipped of the player's 40 KB budget on axios, without an offline queue or keepalive.

import { queueStore, type Queued } from './xapi-queue.js'

export interface XapiAgent { objectType?: 'Agent'; name?: string; mbox?: string; account?: { homePage: string; name: string } }
/** endpoint ends with '/'; auth is the whole Authorization header value (e.g. `Basic …`). */
export interface LrsConfig { endpoint: string; auth: string }
/** An xAPI 1.0.3 statement. */
export type Statement = Record<string, unknown>

export interface StateParams { activityId: string; agent: XapiAgent; stateId: string; registration?: string }

export interface XapiClient {
  /** Gives the statement an id (UUID v4) and timestamp if missing, stores it in the offline queue, and delivers queued statements in order. */
  send(statement: Statement): string
  /**
   * Try to deliver everything queued now; with keepalive (pagehide) the requests survive the page going away,
   * and State documents whose write has no answer yet are written again with them.
   */
  flush(options?: { keepalive?: boolean }): Promise<void>
  getState<T = unknown>(params: StateParams): Promise<T | null>
  /** keepalive (an extension): the write survives the page going away. */
  putState(params: StateParams, document: unknown, options?: { keepalive?: boolean }): Promise<void>
  /** Statements not yet accepted by the LRS. */
  pending(): number
}

export interface XapiClientOptions {
  /** Where the queue lives; null keeps it in memory only. Defaults to window.localStorage when usable. */
  storage?: Storage | null
  /** Names the queue's storage items (xapi-queue.ts); defaults to queueKeyFor(endpoint). Use one key per launch (endpoint + registration). */
  queueKey?: string
  fetchImpl?: typeof fetch
  now?: () => number
  /** A request that takes longer counts as failed (the statement stays queued). Default 20 s. */
  timeoutMs?: number
  /** First automatic retry after a failed delivery, doubling up to 30 s; 0 turns automatic retries off. Default 1 s. */
  retryDelayMs?: number
  warn?: (message: string) => void
}

export const XAPI_VERSION = '1.0.3'
const MAX_RETRY_MS = 30_000
// Browsers cap the bodies of in-flight keepalive requests at 64 KiB in total.
const KEEPALIVE_BUDGET = 60_000
// Statements delivered in one request while the page lives: few round trips, small bodies.
const BATCH_BYTES = 200_000
const MAX_BATCH = 50

/** The queue's storage key for one launch: statements of another LRS or registration never mix. */
export function queueKeyFor(endpoint: string, registration?: string): string {
  return `coursepack:xapi-queue:${endpoint}${registration ? `|${registration}` : ''}`
}

/** An LRS endpoint as requests need it: always ending with '/'. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.endsWith('/') ? endpoint : `${endpoint}/`
}

/** RFC 4122 version 4 UUID from crypto.getRandomValues. */
export function uuid(): string {
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // the getter throws where storage is blocked
  }
}

type Outcome = 'delivered' | 'rejected' | 'retry'

const jsonArray = (items: readonly Queued[]): string => `[${items.map((q) => q.json).join(',')}]`

export function createXapiClient(config: LrsConfig, options: XapiClientOptions = {}): XapiClient {
  const endpoint = normalizeEndpoint(config.endpoint)
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const fetchImpl = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const now = options.now ?? (() => Date.now())
  const timeoutMs = options.timeoutMs ?? 20_000
  const firstRetry = options.retryDelayMs ?? 1000
  const warn = options.warn ?? ((m: string) => console.warn(m))

  const store = queueStore(storage, options.queueKey ?? queueKeyFor(endpoint), warn)
  let queue: Queued[] = store.load()
  let draining: Promise<void> | null = null
  /**
   * State writes sent as plain requests and not answered yet, by URL: the latest body of each. The page
   * going away cancels such a request, so a keepalive flush sends them again.
   */
  const unansweredStates = new Map<string, { stateId: string; body: string }>()
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let retryDelay = firstRetry

  function remove(ids: ReadonlySet<string>): void {
    store.remove(queue.filter((s) => ids.has(s.id)))
    queue = queue.filter((s) => !ids.has(s.id))
  }

  function headers(json: boolean): Record<string, string> {
    return {
      Authorization: config.auth,
      'X-Experience-API-Version': XAPI_VERSION,
      ...(json ? { 'Content-Type': 'application/json' } : {}),
    }
  }

  /** fetch with a timeout; network errors and timeouts reject. */
  async function request(url: string, init: RequestInit): Promise<Response> {
    const controller = typeof AbortController === 'undefined' ? null : new AbortController()
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : null
    try {
      return await fetchImpl(url, { ...init, ...(controller ? { signal: controller.signal } : {}) })
    } finally {
      if (timer) clearTimeout(timer)
    }
  }

  function outcomeOf(status: number): Outcome {
    if (status >= 200 && status < 300) return 'delivered'
    if (status === 409) return 'delivered' // the LRS already holds a statement with this client-made id
    // 401/403 say the launch's credentials are stale, not that the statement is bad: keep it, and a
    // later launch (same registration, same queue, fresh credentials) delivers it. 408/429: try later.
    if (status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status)) return 'rejected'
    return 'retry'
  }

  async function deliverOne(statement: Queued): Promise<Outcome> {
    let response: Response
    try {
      response = await request(`${endpoint}statements?statementId=${encodeURIComponent(statement.id)}`, {
        method: 'PUT', headers: headers(true), body: statement.json,
      })
    } catch {
      return 'retry'
    }
    const outcome = outcomeOf(response.status)
    if (outcome === 'rejected') {
      let detail = ''
      try { detail = (await response.text()).slice(0, 500) } catch { /* only for the message */ }
      warn(`coursepack: the LRS refused statement ${statement.id} (HTTP ${response.status}); dropped so later ones still go: ${detail}`)
    }
    return outcome
  }

  function scheduleRetry(): void {
    if (retryTimer !== null || firstRetry <= 0 || queue.length === 0) return
    const delay = retryDelay
    retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2)
    retryTimer = setTimeout(() => { retryTimer = null; void flush() }, delay)
  }

  function cancelRetry(): void {
    if (retryTimer !== null) { clearTimeout(retryTimer); retryTimer = null }
  }

  /** The head of the queue, as many statements as fit in one request of at most `budget` bytes. */
  function headBatch(budget: number): Queued[] {
    const batch: Queued[] = []
    let size = 2
    for (const s of queue) {
      const bytes = s.json.length + 1
      if (batch.length >= MAX_BATCH || (batch.length > 0 && size + bytes > budget)) break
      batch.push(s)
      size += bytes
    }
    return batch
  }

  /** One POST for several statements: all are stored or none (XAPI §2.1.3 of Communication). */
  async function deliverBatch(batch: Queued[], keepalive: boolean): Promise<'delivered' | 'split' | 'retry'> {
    try {
      const response = await request(`${endpoint}statements`, {
        method: 'POST', headers: headers(true), body: jsonArray(batch), ...(keepalive ? { keepalive: true } : {}),
      })
      const outcome = outcomeOf(response.status)
      // 409 or another refusal names no statement: the one-by-one path finds which, and keeps the rest going.
      return outcome === 'delivered' && response.status !== 409 ? 'delivered' : outcome === 'retry' ? 'retry' : 'split'
    } catch {
      return 'retry'
    }
  }

  /** Head of the queue first, in batches, until it is empty or the LRS cannot be reached. */
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = headBatch(BATCH_BYTES)
      const outcome = batch.length > 1 ? await deliverBatch(batch, false) : 'split'
      if (outcome === 'retry') { scheduleRetry(); return }
      if (outcome === 'delivered') {
        remove(new Set(batch.map((s) => s.id)))
      } else {
        for (const s of batch) {
          const one = await deliverOne(s)
          if (one === 'retry') { scheduleRetry(); return }
          remove(new Set([s.id]))
        }
      }
      retryDelay = firstRetry
    }
  }

  /**
   * pagehide: the queue in one keepalive request, since the page may be gone before any reply could
   * start another; it repeats any statement already on its way, which the LRS takes as the same one.
   */
  async function flushKeepalive(): Promise<void> {
    const states = [...unansweredStates].map(([url, state]) => ({ url, ...state }))
    unansweredStates.clear()
    const stateBytes = states.reduce((n, state) => n + state.body.length, 0)
    const rewrites = states.map(({ url, stateId, body }) => putStateBody(url, stateId, body, true).catch(() => undefined)) // the page is going: nobody to tell
    const batch = headBatch(KEEPALIVE_BUDGET - stateBytes)
    if (batch.length > 0 && (await deliverBatch(batch, true)) === 'delivered') remove(new Set(batch.map((s) => s.id)))
    await Promise.all(rewrites)
  }

  function flush(flushOptions: { keepalive?: boolean } = {}): Promise<void> {
    if (flushOptions.keepalive) return flushKeepalive()
    // A pass already under way may have failed before this call: try once more after it.
    if (draining) return draining.then(() => (draining || queue.length === 0 ? draining ?? undefined : startDrain()))
    return startDrain()
  }

  function startDrain(): Promise<void> {
    if (queue.length === 0) return Promise.resolve()
    cancelRetry()
    const run = drain().finally(() => { if (draining === run) draining = null })
    draining = run
    return run
  }

  function send(statement: Statement): string {
    const id = typeof statement.id === 'string' && statement.id ? statement.id : uuid()
    const full: Statement = { ...statement, id, timestamp: statement.timestamp ?? new Date(now()).toISOString() }
    queue.push(store.add(full))
    void flush()
    return id
  }

  function stateUrl(params: StateParams): string {
    const query = new URLSearchParams({ activityId: params.activityId, agent: JSON.stringify(params.agent), stateId: params.stateId })
    if (params.registration) query.set('registration', params.registration)
    return `${endpoint}activities/state?${query.toString()}`
  }

  async function getState<T = unknown>(params: StateParams): Promise<T | null> {
    const response = await request(stateUrl(params), { method: 'GET', headers: headers(false) })
    if (response.status === 404) return null
    if (response.status !== 200) throw new Error(`xAPI state ${params.stateId}: HTTP ${response.status}`)
    const text = await response.text()
    if (text === '') return null
    try {
      return JSON.parse(text) as T
    } catch {
      return text as unknown as T // a document someone stored as text
    }
  }

  async function putState(params: StateParams, document: unknown, putOptions: { keepalive?: boolean } = {}): Promise<void> {
    const url = stateUrl(params)
    const body = JSON.stringify(document)
    if (putOptions.keepalive) {
      unansweredStates.delete(url) // this write carries the newer document, and survives the page
      return putStateBody(url, params.stateId, body, true)
    }
    const unanswered = { stateId: params.stateId, body }
    unansweredStates.set(url, unanswered)
    try {
      await putStateBody(url, params.stateId, body, false)
    } finally {
      if (unansweredStates.get(url) === unanswered) unansweredStates.delete(url)
    }
  }

  async function putStateBody(url: string, stateId: string, body: string, keepalive: boolean): Promise<void> {
    const response = await request(url, { method: 'PUT', headers: headers(true), body, ...(keepalive ? { keepalive: true } : {}) })
    if (response.status < 200 || response.status >= 300) throw new Error(`xAPI state ${stateId}: HTTP ${response.status}`)
  }

  if (typeof addEventListener === 'function') addEventListener('online', () => { void flush() })
  if (queue.length > 0) void flush() // statements a previous page left behind

  return { send, flush, getState, putState, pending: () => queue.length }
}
