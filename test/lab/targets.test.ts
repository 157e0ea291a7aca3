import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { join } from 'node:path'
import { startLab, type Lab } from '../../src/lab/server.js'
import type { TargetName } from '../../src/targets/index.js'
import { launchBrowser } from '../helpers/browser.js'
import { fixturesDir } from '../helpers/paths.js'
import { course as content, logWhen } from '../helpers/lab-scorm.js'
import { unpackedPackage } from './helpers.js'

const COURSE = join(fixturesDir, 'good/minimal')
const verbs = (list: Record<string, any>[]) => list.map((s) => String(s.verb.id).replace(/^.*\//, ''))

let browser: Browser
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser?.close() })

async function open(target: TargetName): Promise<{ lab: Lab; page: Page }> {
  const lab = await startLab()
  lab.setPackage(await unpackedPackage(COURSE, target))
  const page = await browser.newPage()
  await page.goto(lab.url)
  return { lab, page }
}

/** The query of the URL the lab launched the content with. */
async function launchQuery(page: Page): Promise<URLSearchParams> {
  await expect.poll(() => page.locator('#lab-content').getAttribute('src')).toContain('?')
  return new URL((await page.locator('#lab-content').getAttribute('src'))!).searchParams
}

describe('SCORM 2004 in the lab', () => {
  let lab: Lab
  let page: Page
  beforeAll(async () => ({ lab, page } = await open('scorm2004')))
  afterAll(async () => { await page?.close(); await lab?.close() })

  it('the content finds API_1484_11 and its calls are logged without errors', async () => {
    const log = await logWhen(lab, (l) => l.sessions[0]?.initialized === true)
    expect(log.sessions[0].calls[0]).toEqual({ method: 'Initialize', args: [''], result: 'true', error: '0' })
    expect((log.data as any).learner_id).toBe('lab-learner')
    expect(log.problems.filter((p) => p.severity === 'error')).toEqual([])
  })

  it('gives a graded SCO its scaled passing score from the manifest, as an LMS does', async () => {
    const log = await logWhen(lab, (l) => l.sessions[0]?.calls.some((c) => c.args[0] === 'cmi.scaled_passing_score') ?? false)
    const read = log.sessions[0].calls.find((c) => c.args[0] === 'cmi.scaled_passing_score')!
    expect(read).toMatchObject({ method: 'GetValue', result: '0.75', error: '0' }) // passing_score: 75 in the fixture
    expect(log.problems).toEqual([])
  })

  it('"Leave and relaunch" terminates and relaunches with the data kept after exit=suspend', async () => {
    await page.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
    // Wait for the read being checked, not just Initialize: each call reaches the server on its own.
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && l.sessions[1].calls.some((c) => c.method === 'GetValue' && c.args[0] === 'cmi.entry'))
    expect(log.sessions[0].finished).toBe(true)
    const exit = log.sessions[0].calls.filter((c) => c.method === 'SetValue' && c.args[0] === 'cmi.exit').at(-1)?.args[1]
    const entry = log.sessions[1].calls.find((c) => c.method === 'GetValue' && c.args[0] === 'cmi.entry')?.result
    expect(entry).toBe(exit === 'suspend' ? 'resume' : '')
  })
})

describe('xAPI in the lab', () => {
  let lab: Lab
  let page: Page
  beforeAll(async () => ({ lab, page } = await open('xapi')))
  afterAll(async () => { await page?.close(); await lab?.close() })

  it('launches with endpoint, auth, actor, registration and activity_id against its own endpoint', async () => {
    const q = await launchQuery(page)
    expect(q.get('endpoint')).toBe(`${lab.url}xapi/`)
    expect(q.get('auth')).toMatch(/^Basic /)
    expect(JSON.parse(q.get('actor')!).mbox).toMatch(/^mailto:/)
    expect(q.get('registration')).toMatch(/^[0-9a-f-]{36}$/)
    expect(q.get('activity_id')).toBeTruthy()
    const log = await logWhen(lab, (l) => verbs(l.statements).includes('initialized'))
    expect(log.sessions[0].initialized).toBe(true)
    expect(log.problems).toEqual([])
  })

  it('the statement endpoint refuses requests without the launch credentials', async () => {
    const r = await fetch(`${lab.url}xapi/statements`, { method: 'POST', headers: { 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json' }, body: '{}' })
    expect(r.status).toBe(401)
  })

  it('a statement xapi-validation flags is refused and shown as a problem', async () => {
    const q = await launchQuery(page)
    const r = await fetch(`${lab.url}xapi/statements`, {
      method: 'POST', headers: { 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json', Authorization: q.get('auth')! },
      body: JSON.stringify({ actor: { mbox: 'not-an-email' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.org/a' } }),
    })
    expect(r.status).toBe(400)
    const log = await logWhen(lab, (l) => l.problems.some((p) => /refused with 400/.test(p.message)))
    const refused = log.problems.find((p) => /refused with 400/.test(p.message))!
    expect(refused.severity).toBe('error')
    expect(refused.message).toMatch(/mbox/)
    expect(log.statements.map((s) => s.verb)).not.toContainEqual({ id: 'http://adlnet.gov/expapi/verbs/experienced' })
  })

  it('a resent statement is accepted without change, and the same id with other content is a conflict', async () => {
    const q = await launchQuery(page)
    const headers = { 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json', Authorization: q.get('auth')! }
    const statement = { id: '3f0c2a2e-5d7b-4c1e-9a41-7d2f6a1b9c01', actor: JSON.parse(q.get('actor')!), verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.org/resend' }, timestamp: '2026-11-22T10:00:00.000Z' }
    const post = (body: unknown) => fetch(`${lab.url}xapi/statements`, { method: 'POST', headers, body: JSON.stringify(body) })
    expect((await post(statement)).status).toBe(200)
    // The same statement again, keys in another order: a client resending after a lost answer.
    const { verb, ...rest } = statement
    expect((await post({ verb, ...rest })).status).toBe(200)
    expect((await post({ ...statement, object: { id: 'http://example.org/other' } })).status).toBe(409)
    expect(lab.log().statements.filter((s) => s.id === statement.id)).toHaveLength(1)
  })

  it('the State API keeps documents per activity, agent and registration', async () => {
    const q = await launchQuery(page)
    const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: q.get('auth')! }
    const query = new URLSearchParams({ activityId: q.get('activity_id')!, agent: q.get('actor')!, registration: q.get('registration')!, stateId: 'lab-test' })
    expect((await fetch(`${lab.url}xapi/activities/state?${query}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: '{"a":1}' })).status).toBe(204)
    const got = await fetch(`${lab.url}xapi/activities/state?${query}`, { headers })
    expect(await got.json()).toEqual({ a: 1 })
    expect(lab.log().data['lab-test']).toEqual({ a: 1 })
  })

  it('merges a doubled slash after the endpoint, as the web servers in front of LRSs do, and warns once a session', async () => {
    const q = await launchQuery(page)
    const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: q.get('auth')! }
    const query = new URLSearchParams({ activityId: q.get('activity_id')!, agent: q.get('actor')!, registration: q.get('registration')!, stateId: 'slashes' })
    expect((await fetch(`${lab.url}xapi//activities/state?${query}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: '{"b":2}' })).status).toBe(204)
    expect(await (await fetch(`${lab.url}xapi//activities//state/?${query}`, { headers })).json()).toEqual({ b: 2 })
    const warnings = lab.log().problems.filter((p) => p.message.includes('doubled a slash'))
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('PUT /xapi//activities/state') })])
  })

  it('a relaunch is a new launch with the same registration', async () => {
    const before = (await launchQuery(page)).get('registration')
    await page.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && verbs(l.statements).filter((v) => v === 'initialized').length === 2)
    expect(verbs(log.statements)).toContain('terminated')
    expect((await launchQuery(page)).get('registration')).toBe(before)
  })
})

describe('cmi5 in the lab', () => {
  let lab: Lab
  let page: Page
  beforeAll(async () => ({ lab, page } = await open('cmi5')))
  afterAll(async () => { await page?.close(); await lab?.close() })

  it('writes LMS.LaunchData, hands out the token once at the fetch URL, and takes the AU\'s statements', async () => {
    const q = await launchQuery(page)
    for (const name of ['endpoint', 'fetch', 'actor', 'registration', 'activityId']) expect(q.get(name), name).toBeTruthy()
    const log = await logWhen(lab, (l) => verbs(l.statements).includes('initialized'))
    expect(log.data['LMS.LaunchData']).toMatchObject({ launchMode: 'Normal', contextTemplate: { extensions: {} } })
    expect(log.statements[0]).toMatchObject({ object: { id: q.get('activityId') }, context: { registration: q.get('registration') } })
    expect(log.problems).toEqual([])
    const again = await fetch(q.get('fetch')!, { method: 'POST' })
    expect(await again.json()).toMatchObject({ 'error-code': '1' })
  })

  it('a relaunch is a new cmi5 session with a new token, in the same registration', async () => {
    const first = await launchQuery(page)
    await page.getByRole('button', { name: 'Leave and relaunch', exact: true }).click()
    const log = await logWhen(lab, (l) => l.sessions.length === 2 && verbs(l.statements).filter((v) => v === 'initialized').length === 2)
    const second = await launchQuery(page)
    expect(second.get('registration')).toBe(first.get('registration'))
    expect(second.get('fetch')).not.toBe(first.get('fetch'))
    const sessionIds = new Set(log.statements.map((s: any) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid']))
    expect(sessionIds.size).toBe(2)
  })
})

describe('web in the lab', () => {
  it('shows the offline package in the iframe', async () => {
    const { lab, page } = await open('web')
    await expect.poll(() => content(page).getByRole('heading').first().count()).toBeGreaterThan(0)
    expect(lab.log().sessions).toHaveLength(1)
    await page.close()
    await lab.close()
  })
})
