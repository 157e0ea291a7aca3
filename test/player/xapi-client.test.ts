import { describe, expect, it } from 'vitest'
import { createXapiClient, queueKeyFor, uuid, type Statement } from '../../src/player/tracking/xapi-client.js'
import { queueStore } from '../../src/player/tracking/xapi-queue.js'

/** Storage as the browser has it, in memory. */
function memoryStorage(): Storage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    get length() { return items.size },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => { items.set(k, v) },
    removeItem: (k: string) => { items.delete(k) },
    clear: () => items.clear(),
  }
}

interface Call { method: string; url: string; headers: Record<string, string>; body?: string; keepalive?: boolean }

/** A fake LRS behind fetch: statements by id, one state document per key; `mode` makes it fail like a real network. */
function fakeLrs() {
  const stored: Statement[] = []
  const states = new Map<string, string>()
  const calls: Call[] = []
  const lrs = {
    stored, states, calls,
    mode: 'up' as 'up' | 'down' | '503' | 'hang',
    /** Status to answer for a statement, by id (e.g. 400 for a bad one). */
    refuse: new Map<string, number>(),
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input))
      calls.push({ method: init.method ?? 'GET', url: String(input), headers: init.headers as Record<string, string>, body: init.body as string, keepalive: init.keepalive })
      if (lrs.mode === 'down') throw new TypeError('Failed to fetch')
      if (lrs.mode === 'hang') {
        return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
      }
      if (lrs.mode === '503') return new Response('busy', { status: 503 })
      if (url.pathname === '/xapi/statements') {
        const list: Statement[] = init.method === 'PUT' ? [JSON.parse(init.body as string)] : [].concat(JSON.parse(init.body as string))
        for (const s of list) {
          const refused = lrs.refuse.get(s.id as string)
          if (refused) return new Response('{"message":"bad"}', { status: refused })
          if (stored.some((x) => x.id === s.id)) return new Response('', { status: 409 })
        }
        stored.push(...list)
        return new Response(init.method === 'PUT' ? null : JSON.stringify(list.map((s) => s.id)), { status: init.method === 'PUT' ? 204 : 200 })
      }
      if (url.pathname === '/xapi/activities/state') {
        const key = ['activityId', 'agent', 'stateId', 'registration'].map((k) => url.searchParams.get(k)).join('|')
        if (init.method === 'PUT') { states.set(key, init.body as string); return new Response(null, { status: 204 }) }
        const doc = states.get(key)
        return doc === undefined ? new Response('', { status: 404 }) : new Response(doc, { status: 200, headers: { 'content-type': 'application/json' } })
      }
      return new Response('', { status: 404 })
    }) as typeof fetch,
  }
  return lrs
}

const config = { endpoint: 'https://lrs.example.com/xapi', auth: 'Basic dGVzdDp0ZXN0' }
const actor = { objectType: 'Agent' as const, mbox: 'mailto:ana@example.com', name: 'Ana' }
const statement = (verb: string): Statement => ({ actor, verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` }, object: { id: 'https://example.com/a' } })
const verbs = (list: Statement[]) => list.map((s) => (s.verb as { id: string }).id.split('/').pop())
const quiet = { retryDelayMs: 0, warn: () => {} }
const defaultQueue = queueKeyFor('https://lrs.example.com/xapi/')
/** The statements a page loading now would find queued in this storage. */
const queuedIn = (storage: Storage, key = defaultQueue): Statement[] => queueStore(storage, key, () => {}).load().map((q) => JSON.parse(q.json) as Statement)
/** The storage items the queue named `key` uses. */
const queueItems = (storage: { items: Map<string, string> }, key = defaultQueue): string[] => [...storage.items.keys()].filter((k) => k.startsWith(key))

describe('xAPI client: statements', () => {
  it('gives each statement a v4 UUID and a UTC timestamp, and sends it with the xAPI version and auth headers', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) })
    const id = client.send(statement('initialized'))
    await client.flush()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(lrs.stored).toEqual([{ ...statement('initialized'), id, timestamp: '2026-01-02T03:04:05.000Z' }])
    expect(lrs.calls[0].url).toBe(`https://lrs.example.com/xapi/statements?statementId=${id}`)
    expect(lrs.calls[0].headers).toMatchObject({ Authorization: 'Basic dGVzdDp0ZXN0', 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' })
    expect(client.pending()).toBe(0)
  })

  it('keeps an id and timestamp the caller gave', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    const given = { ...statement('initialized'), id: 'a5d1a7b0-0000-4000-8000-000000000001', timestamp: '2026-01-01T00:00:00Z' }
    expect(client.send(given)).toBe(given.id)
    await client.flush()
    expect(lrs.stored).toEqual([given])
  })

  it('delivers statements in the order they were sent', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    for (const v of ['initialized', 'experienced', 'answered', 'passed', 'terminated']) client.send(statement(v))
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized', 'experienced', 'answered', 'passed', 'terminated'])
  })

  it('keeps statements while the LRS is unreachable and delivers each exactly once, in order, when it answers again', async () => {
    const lrs = fakeLrs()
    const storage = memoryStorage()
    const client = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    client.send(statement('initialized'))
    await client.flush()
    lrs.mode = 'down'
    for (const v of ['experienced', 'answered']) client.send(statement(v))
    await client.flush()
    lrs.mode = '503'
    client.send(statement('suspended'))
    await client.flush()
    expect(client.pending()).toBe(3)
    expect(verbs(queuedIn(storage))).toEqual(['experienced', 'answered', 'suspended'])
    lrs.mode = 'up'
    await client.flush()
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized', 'experienced', 'answered', 'suspended'])
    expect(new Set(lrs.stored.map((s) => s.id)).size).toBe(4)
    expect(client.pending()).toBe(0)
    expect(queueItems(storage)).toEqual([])
  })

  it('queueing a statement costs the same however many wait: it is serialized once, and stored alone, not with the whole queue again', async () => {
    const lrs = fakeLrs()
    lrs.mode = 'down'
    const storage = memoryStorage()
    const written: string[] = []
    const setItem = storage.setItem
    storage.setItem = (k, v) => { written.push(v); setItem(k, v) }
    const client = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    let serialized = 0
    client.send({ ...statement('initialized'), result: { extensions: { 'https://example.com/x/counted': { toJSON: () => { serialized++; return 'counted' } } } } })
    for (let i = 0; i < 30; i++) client.send(statement('experienced'))
    await client.flush()
    expect(client.pending()).toBe(31)
    expect(serialized).toBe(1)
    expect(written).toHaveLength(31)
    for (const value of written) expect(JSON.parse(value)).toMatchObject({ id: expect.any(String), actor })
    expect(queuedIn(storage)[0]!.result).toEqual({ extensions: { 'https://example.com/x/counted': 'counted' } })
    lrs.mode = 'up'
    await client.flush()
    expect(lrs.stored[0]!.result).toEqual({ extensions: { 'https://example.com/x/counted': 'counted' } })
    expect(serialized).toBe(1)
    expect(queueItems(storage)).toEqual([])
  })

  it('a page loading later finds the queue in the order it was sent, past ten items, and adds to its end', async () => {
    const lrs = fakeLrs()
    lrs.mode = 'down'
    const storage = memoryStorage()
    const first = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    const sent = Array.from({ length: 12 }, (_, i) => first.send({ ...statement('experienced'), object: { id: `https://example.com/p${i}` } }))
    await first.flush()
    const second = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    const last = second.send(statement('terminated'))
    expect(second.pending()).toBe(13)
    expect(queuedIn(storage).map((s) => s.id)).toEqual([...sent, last])
    lrs.mode = 'up'
    await second.flush()
    expect(lrs.stored.map((s) => s.id)).toEqual([...sent, last])
    expect(queueItems(storage)).toEqual([])
  })

  it('a queue an earlier player stored as one array stays where it is when the storage is too full to move it: nothing is lost', async () => {
    const lrs = fakeLrs()
    lrs.mode = 'down'
    const storage = memoryStorage()
    const older = [{ ...statement('initialized'), id: uuid() }]
    storage.setItem(defaultQueue, JSON.stringify(older))
    storage.setItem = () => { throw new DOMException('quota', 'QuotaExceededError') }
    const warnings: string[] = []
    const client = createXapiClient(config, { retryDelayMs: 0, warn: (m) => warnings.push(m), storage, fetchImpl: lrs.fetch })
    expect(client.pending()).toBe(1)
    expect(JSON.parse(storage.getItem(defaultQueue)!)).toEqual(older)
    expect(warnings).toEqual([expect.stringMatching(/cannot be stored/)])
    lrs.mode = 'up'
    await client.flush()
    expect(lrs.stored.map((s) => s.id)).toEqual([older[0]!.id])
  })

  it('a queue an earlier player stored as one array is read, delivered first, and moved out of that item', async () => {
    const lrs = fakeLrs()
    const storage = memoryStorage()
    const older = [{ ...statement('initialized'), id: uuid() }, { ...statement('experienced'), id: uuid() }]
    storage.setItem(defaultQueue, JSON.stringify(older))
    lrs.mode = 'down'
    const client = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    const id = client.send(statement('terminated'))
    await client.flush()
    expect(storage.getItem(defaultQueue)).toBeNull()
    expect(queuedIn(storage).map((s) => s.id)).toEqual([older[0]!.id, older[1]!.id, id])
    lrs.mode = 'up'
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized', 'experienced', 'terminated'])
    expect(queueItems(storage)).toEqual([])
  })

  it('statements queued while offline go back in one request, in order', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    for (const v of ['initialized', 'experienced', 'answered', 'experienced']) client.send(statement(v))
    await client.flush()
    lrs.mode = 'up'
    lrs.calls.length = 0
    await client.flush()
    expect(lrs.calls.map((c) => c.method)).toEqual(['POST'])
    expect(verbs(lrs.stored)).toEqual(['initialized', 'experienced', 'answered', 'experienced'])
  })

  it('a request that never answers times out and the statement stays queued', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch, timeoutMs: 20 })
    lrs.mode = 'hang'
    client.send(statement('initialized'))
    await client.flush()
    expect(client.pending()).toBe(1)
    lrs.mode = 'up'
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized'])
  })

  it('the queue survives a reload while offline and goes out when the LRS is back', async () => {
    const lrs = fakeLrs()
    const storage = memoryStorage()
    const queueKey = queueKeyFor(config.endpoint, 'f1b5c1a4-0000-4000-8000-000000000000')
    lrs.mode = 'down'
    const before = createXapiClient(config, { ...quiet, storage, queueKey, fetchImpl: lrs.fetch })
    before.send(statement('initialized'))
    before.send(statement('experienced'))
    await before.flush()
    // The page reloads: a new client on the same launch finds what the old one left.
    const after = createXapiClient(config, { ...quiet, storage, queueKey, fetchImpl: lrs.fetch })
    expect(after.pending()).toBe(2)
    after.send(statement('experienced'))
    lrs.mode = 'up'
    await after.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized', 'experienced', 'experienced'])
    expect(new Set(lrs.stored.map((s) => s.id)).size).toBe(3)
    expect(after.pending()).toBe(0)
  })

  it('a 409 (the LRS already has this id) counts as delivered: a resend never duplicates', async () => {
    const lrs = fakeLrs()
    const storage = memoryStorage()
    const client = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    const id = client.send(statement('initialized'))
    await client.flush()
    // An earlier page's keepalive request got through but its answer was lost: the same statement is still queued.
    storage.setItem(queueKeyFor('https://lrs.example.com/xapi/'), JSON.stringify([lrs.stored[0]]))
    const again = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    again.send(statement('terminated'))
    await again.flush()
    expect(lrs.stored.map((s) => s.id)).toEqual([id, expect.any(String)])
    expect(verbs(lrs.stored)).toEqual(['initialized', 'terminated'])
    expect(again.pending()).toBe(0)
  })

  it('a statement the LRS refuses with 400 is logged and dropped, and the ones after it still go', async () => {
    const lrs = fakeLrs()
    const warnings: string[] = []
    const client = createXapiClient(config, { retryDelayMs: 0, warn: (m) => warnings.push(m), storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    client.send(statement('initialized'))
    const bad = client.send(statement('answered'))
    client.send(statement('terminated'))
    await client.flush()
    lrs.refuse.set(bad, 400)
    lrs.mode = 'up'
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized', 'terminated'])
    expect(client.pending()).toBe(0)
    expect(warnings.join('\n')).toContain(`refused statement ${bad} (HTTP 400)`)
  })

  it('429 (too many requests) keeps the statement for later', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    const id = client.send(statement('initialized'))
    await client.flush()
    lrs.mode = 'up'
    lrs.refuse.set(id, 429)
    await client.flush()
    expect(client.pending()).toBe(1)
    lrs.refuse.delete(id)
    await client.flush()
    expect(verbs(lrs.stored)).toEqual(['initialized'])
  })

  it('keeps statements refused for stale credentials (401, 403) and delivers them under the next launch\'s credentials', async () => {
    const lrs = fakeLrs()
    const storage = memoryStorage()
    const queueKey = queueKeyFor(config.endpoint, 'f1b5c1a4-0000-4000-8000-000000000001')
    const expired = createXapiClient(config, { ...quiet, storage, queueKey, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    const first = expired.send(statement('answered'))
    const second = expired.send(statement('terminated'))
    await expired.flush()
    lrs.mode = 'up'
    lrs.refuse.set(first, 401)
    lrs.refuse.set(second, 403)
    await expired.flush()
    expect(expired.pending()).toBe(2)
    expect(lrs.stored).toEqual([])
    // Relaunched from the LMS: same registration, new credentials, which the LRS accepts.
    lrs.refuse.clear()
    const relaunched = createXapiClient({ ...config, auth: 'Basic bmV3Om5ldw==' }, { ...quiet, storage, queueKey, fetchImpl: lrs.fetch })
    await relaunched.flush()
    expect(verbs(lrs.stored)).toEqual(['answered', 'terminated'])
    expect(relaunched.pending()).toBe(0)
  })

  it('retries by itself after a failure', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { retryDelayMs: 10, warn: () => {}, storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    client.send(statement('initialized'))
    await client.flush()
    lrs.mode = 'up'
    await expect.poll(() => lrs.stored.length, { timeout: 2000 }).toBe(1)
  })

  it('on pagehide sends the whole queue at once with keepalive', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'down'
    client.send(statement('experienced'))
    client.send(statement('terminated'))
    await client.flush()
    lrs.mode = 'up'
    lrs.calls.length = 0
    await client.flush({ keepalive: true })
    expect(lrs.calls).toHaveLength(1)
    expect(lrs.calls[0]).toMatchObject({ method: 'POST', url: 'https://lrs.example.com/xapi/statements', keepalive: true })
    expect(verbs(lrs.stored)).toEqual(['experienced', 'terminated'])
    expect(client.pending()).toBe(0)
  })

  it('credentials never reach storage: only statements are queued', async () => {
    const lrs = fakeLrs()
    lrs.mode = 'down'
    const storage = memoryStorage()
    const client = createXapiClient(config, { ...quiet, storage, fetchImpl: lrs.fetch })
    client.send(statement('initialized'))
    await client.flush()
    expect([...storage.items.values()].join('')).not.toContain('dGVzdDp0ZXN0')
  })
})

describe('xAPI client: State API', () => {
  const params = { activityId: 'https://example.com/a', agent: actor, stateId: 'coursepack-progress', registration: 'f1b5c1a4-0000-4000-8000-000000000000' }

  it('a document never written reads as null (404)', async () => {
    const lrs = fakeLrs()
    expect(await createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch }).getState(params)).toBeNull()
  })

  it('reads back what it wrote, per registration', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    await client.putState(params, { location: 'm/p', suspend: 'cp1;x' })
    expect(await client.getState(params)).toEqual({ location: 'm/p', suspend: 'cp1;x' })
    expect(await client.getState({ ...params, registration: 'f1b5c1a4-0000-4000-8000-000000000001' })).toBeNull()
    const put = lrs.calls.find((c) => c.method === 'PUT')!
    const url = new URL(put.url)
    expect(url.pathname).toBe('/xapi/activities/state')
    expect(JSON.parse(url.searchParams.get('agent')!)).toEqual(actor)
    expect(put.headers).toMatchObject({ 'X-Experience-API-Version': '1.0.3', Authorization: config.auth })
  })

  it('an unreachable LRS is an error, not an empty document', async () => {
    const lrs = fakeLrs()
    lrs.mode = '503'
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    await expect(client.getState(params)).rejects.toThrow(/503/)
    await expect(client.putState(params, {})).rejects.toThrow(/503/)
  })

  it('a keepalive flush (pagehide) writes again, with keepalive, the latest document of a write still on its way, and only that', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    const other = { ...params, stateId: 'other' }
    await client.putState(other, { answered: true }) // answered: not sent again
    lrs.mode = 'hang' // the next writes get no answer while the page lives
    void client.putState(params, { location: 'm/p1' }).catch(() => undefined)
    void client.putState(params, { location: 'm/p2' }).catch(() => undefined)
    lrs.mode = 'up'
    lrs.calls.length = 0
    await client.flush({ keepalive: true })
    expect(lrs.calls.map((c) => [c.method, new URL(c.url).searchParams.get('stateId'), c.body, c.keepalive])).toEqual([['PUT', 'coursepack-progress', '{"location":"m/p2"}', true]])
    expect(await client.getState(params)).toEqual({ location: 'm/p2' })
    lrs.calls.length = 0
    await client.flush({ keepalive: true }) // sent once: the next flush has nothing to write
    expect(lrs.calls).toEqual([])
  })

  it('a keepalive write of a newer document replaces the one on its way: the flush after it does not write the older one', async () => {
    const lrs = fakeLrs()
    const client = createXapiClient(config, { ...quiet, storage: null, fetchImpl: lrs.fetch })
    lrs.mode = 'hang'
    void client.putState(params, { location: 'm/p1' }).catch(() => undefined)
    lrs.mode = 'up'
    await client.putState(params, { location: 'm/p2' }, { keepalive: true })
    lrs.calls.length = 0
    await client.flush({ keepalive: true })
    expect(lrs.calls).toEqual([])
    expect(await client.getState(params)).toEqual({ location: 'm/p2' })
  })
})

describe('xAPI formats', () => {
  it('UUIDs are version 4 and different each time', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
