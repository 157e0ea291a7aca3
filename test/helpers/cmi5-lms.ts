// The LMS side of a cmi5 launch, for browser tests (cmi5 §8, §10): serves an unpacked package under
// /pkg/, writes LMS.LaunchData into the LRS before each launch (with the LMS's own credentials),
// hands out the session's auth token once at a one-time fetch URL, builds the launch URL, and has a
// page at /lms/returned.html for returnURL. The LRS itself is test/helpers/lrs.ts.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { send, servePackageFile } from './lms.js'

export interface LrsAccess {
  /** xAPI base endpoint, ending with '/'. */
  endpoint: string
  /** The LMS's Authorization header value for the LRS, `Basic <token>`: the fetch URL hands the token part to the AU. */
  auth: string
}

export interface Cmi5Agent { objectType: 'Agent'; name?: string; account: { homePage: string; name: string } }

export interface Cmi5LaunchOptions {
  /** The AU url from cmi5.xml, relative to the package root. */
  auUrl: string
  /** The AU's publisher id from cmi5.xml (goes into the context template's grouping). */
  publisherId: string
  /** LMS-made activity id; stays the same for an AU within a registration. */
  activityId: string
  actor: Cmi5Agent
  registration: string
  launchMode?: 'Normal' | 'Browse' | 'Review'
  moveOn?: string
  masteryScore?: number
  /** Defaults to this LMS's /lms/returned.html; null leaves returnURL out. */
  returnURL?: string | null
}

export interface Cmi5Launch {
  url: string
  sessionId: string
  fetchUrl: string
  /** How often the AU POSTed to the fetch URL, and what it got. */
  fetches: { method: string; gotToken: boolean }[]
  launchData: Record<string, unknown>
}

export interface Cmi5Lms {
  url: string
  returnUrl: string
  launch(options: Cmi5LaunchOptions): Promise<Cmi5Launch>
  close(): Promise<void>
}

export const SESSION_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid'

/** The cmi5 launch URL: the AU url plus the five parameters, each URL-encoded (cmi5 §8.1). */
export function cmi5LaunchUrl(base: string, params: { endpoint: string; fetch: string; actor: Cmi5Agent; registration: string; activityId: string }): string {
  const query = new URLSearchParams({
    endpoint: params.endpoint, fetch: params.fetch, actor: JSON.stringify(params.actor), registration: params.registration, activityId: params.activityId,
  })
  return `${base}${base.includes('?') ? '&' : '?'}${query.toString()}`
}

export async function startCmi5Lms(packageDir: string, lrs: LrsAccess): Promise<Cmi5Lms> {
  const endpoint = lrs.endpoint.endsWith('/') ? lrs.endpoint : `${lrs.endpoint}/`
  const token = lrs.auth.replace(/^Basic\s+/i, '')
  const fetchUrls = new Map<string, Cmi5Launch>() // one-time: a launch's token goes out once
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    try {
      if (url.pathname.startsWith('/fetch/')) {
        const launch = fetchUrls.get(url.pathname.slice('/fetch/'.length))
        if (!launch) return send(res, 200, 'application/json', JSON.stringify({ 'error-code': '2', 'error-text': 'Unknown launch.' }))
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only (cmi5 §8.2.1)')
        const first = launch.fetches.every((f) => !f.gotToken)
        launch.fetches.push({ method: req.method, gotToken: first })
        return send(res, 200, 'application/json', JSON.stringify(first
          ? { 'auth-token': token }
          : { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }))
      }
      if (url.pathname === '/lms/returned.html') {
        return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Back in the LMS</title></head><body><h1>Back in the LMS</h1></body></html>')
      }
      if (url.pathname.startsWith('/pkg/')) return await servePackageFile(res, packageDir, url.pathname.slice(5))
      send(res, 404, 'text/plain', 'not found')
    } catch {
      send(res, 404, 'text/plain', 'not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const base = `http://127.0.0.1:${port}`
  const returnUrl = `${base}/lms/returned.html`

  async function launch(options: Cmi5LaunchOptions): Promise<Cmi5Launch> {
    const sessionId = randomUUID()
    const launchData: Record<string, unknown> = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: options.publisherId }] },
        extensions: { [SESSION_EXTENSION]: sessionId },
      },
      launchMode: options.launchMode ?? 'Normal',
      moveOn: options.moveOn ?? 'Passed',
      ...(options.masteryScore !== undefined ? { masteryScore: options.masteryScore } : {}),
      ...(options.returnURL === null ? {} : { returnURL: options.returnURL ?? returnUrl }),
    }
    // The LMS writes LMS.LaunchData before every launch (cmi5 §10), with its own credentials.
    const query = new URLSearchParams({ activityId: options.activityId, agent: JSON.stringify(options.actor), registration: options.registration, stateId: 'LMS.LaunchData' })
    const put = await fetch(`${endpoint}activities/state?${query.toString()}`, {
      method: 'PUT',
      headers: { Authorization: lrs.auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
      body: JSON.stringify(launchData),
    })
    if (put.status < 200 || put.status >= 300) throw new Error(`LMS.LaunchData PUT: HTTP ${put.status} ${await put.text()}`)
    const key = randomUUID()
    const fetchUrl = `${base}/fetch/${key}`
    const result: Cmi5Launch = {
      url: cmi5LaunchUrl(`${base}/pkg/${options.auUrl}`, { endpoint, fetch: fetchUrl, actor: options.actor, registration: options.registration, activityId: options.activityId }),
      sessionId, fetchUrl, fetches: [], launchData,
    }
    fetchUrls.set(key, result)
    return result
  }

  return {
    url: base,
    returnUrl,
    launch,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()) }),
  }
}
