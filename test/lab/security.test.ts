import { mkdtemp, symlink, writeFile, mkdir } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../src/lab/server.js'
import { fixturesDir } from '../helpers/paths.js'
import { logWhen } from '../helpers/lab-scorm.js'
import { unpackedPackage } from './helpers.js'

let lab: Lab
let outside: string
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'coursepack-lab-sec-'))
  const dir = join(root, 'pkg')
  await mkdir(dir)
  outside = join(root, 'secret.txt')
  await writeFile(outside, 'secret')
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>')
  await symlink(outside, join(dir, 'link.txt'))
  lab = await startLab()
  lab.setPackage({ dir, target: 'web', launch: 'index.html' })
})
afterAll(async () => { await lab?.close() })

/** A raw GET, so the path reaches the server exactly as written (fetch would normalize it). */
function rawGet(path: string, host?: string): Promise<number> {
  const url = new URL(lab.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: host ? { host } : {} }, (res) => { res.resume(); resolve(res.statusCode ?? 0) })
    req.on('error', reject)
    req.end()
  })
}

describe('the lab serves nothing outside the build', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(new URL(lab.url).hostname).toBe('127.0.0.1')
  })

  it('serves the package\'s own files', async () => {
    expect(await rawGet('/pkg/index.html')).toBe(200)
  })

  it.each(['/pkg/../secret.txt', '/pkg/..%2fsecret.txt', '/pkg/%2e%2e/secret.txt', '/pkg/%2e%2e%2fsecret.txt', '/pkg/..%5csecret.txt', '/pkg/%2Fetc%2Fpasswd'])('refuses %s', async (path) => {
    expect([400, 403, 404]).toContain(await rawGet(path))
  })

  it('refuses a symlink that points out of the package', async () => {
    expect(await rawGet('/pkg/link.txt')).toBe(403)
  })

  it('answers only to loopback host names (no DNS rebinding)', async () => {
    expect(await rawGet('/lab/state', 'attacker.example:80')).toBe(403)
  })
})

/** A raw POST with the given headers: what any web page (a text/plain form) or script can send. */
function rawPost(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(lab.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The per-run token, read from the lab page's HTML as the page itself reads it. */
async function pageToken(): Promise<string> {
  const html = await (await fetch(lab.url)).text()
  return /<meta name="lab-token" content="([0-9a-f]+)">/.exec(html)![1]
}

describe('only the lab page drives the attempt', () => {
  const launchBody = async () => JSON.stringify({ mode: 'restart', generation: (await (await fetch(`${lab.url}lab/state`)).json()).generation })

  it('refuses a cross-origin POST to /lab/launch or /lab/call, even with the token', async () => {
    const token = await pageToken()
    const before = lab.log().attempt
    const launch = await rawPost(`/lab/launch?token=${token}`, await launchBody(), { origin: 'http://attacker.example' })
    expect(launch).toEqual({ status: 403, text: 'refused: the request comes from http://attacker.example, not from the lab page' })
    const call = await rawPost(`/lab/call?token=${token}`, JSON.stringify({ reports: [{ attempt: before, session: 0, call: { method: 'LMSInitialize', args: [''], result: 'true', error: '0' } }] }), { 'sec-fetch-site': 'cross-site' })
    expect(call.status).toBe(403)
    expect(lab.log().attempt).toBe(before)
  })

  it('refuses a same-origin POST without the page\'s token, and takes it with the token', async () => {
    const own = lab.url.replace(/\/$/, '')
    const before = lab.log().attempt
    expect((await rawPost('/lab/launch', await launchBody(), { origin: own })).status).toBe(403)
    expect((await rawPost('/lab/launch?token=0123', await launchBody(), { origin: own })).status).toBe(403)
    expect(lab.log().attempt).toBe(before)
    const ok = await rawPost(`/lab/launch?token=${await pageToken()}`, await launchBody(), { origin: own })
    expect(ok.status).toBe(200)
    expect(lab.log().attempt).toBe(before + 1)
  })
})

describe('choosing another SCO on the page', () => {
  it("takes only one of the package's own launches, and only from the lab page with its token", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'coursepack-lab-choose-')), 'pkg')
    await mkdir(dir)
    const multi = await startLab()
    try {
      multi.setPackage({ dir, target: 'web', launch: 'a.html', launches: [{ id: 'a', title: 'A', href: 'a.html' }, { id: 'b', title: 'B', href: 'b.html' }] })
      const state = async () => (await fetch(`${multi.url}lab/state`)).json()
      await expect.poll(async () => (await state()).launches).toEqual([{ href: 'a.html', title: 'A' }, { href: 'b.html', title: 'B' }])
      const token = /<meta name="lab-token" content="([0-9a-f]+)">/.exec(await (await fetch(multi.url)).text())![1]
      const own = multi.url.replace(/\/$/, '')
      const url = new URL(multi.url)
      const choose = async (href: string, headers: Record<string, string>, withToken = true) => {
        const body = JSON.stringify({ generation: (await state()).generation, href })
        return new Promise<number>((resolve, reject) => {
          const req = request({ host: url.hostname, port: url.port, path: `/lab/choose${withToken ? `?token=${token}` : ''}`, method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (res) => { res.resume(); resolve(res.statusCode ?? 0) })
          req.on('error', reject)
          req.end(body)
        })
      }
      expect(await choose('b.html', { origin: 'http://attacker.example' })).toBe(403)
      expect(await choose('b.html', { origin: own }, false)).toBe(403)
      expect(await choose('../secret.txt', { origin: own })).toBe(400)
      expect(multi.shownLaunch()).toBe('a.html')
      const attempt = multi.log().attempt
      expect(await choose('b.html', { origin: own })).toBe(204)
      expect(multi.shownLaunch()).toBe('b.html')
      expect(multi.log().attempt).toBe(attempt + 1)
    } finally {
      await multi.close()
    }
  })
})

describe('the lab LRS bounds what it accepts', () => {
  let xlab: Lab
  let auth: string
  const headers = () => ({ 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json', Authorization: auth })
  /** Serves the package as a new attempt, launches it as the page does, and keeps the launch's credentials. */
  const newAttemptLaunched = async () => {
    xlab.setPackage(await unpackedPackage(join(fixturesDir, 'good/minimal'), 'xapi'))
    const html = await (await fetch(xlab.url)).text()
    const token = /<meta name="lab-token" content="([0-9a-f]+)">/.exec(html)![1]
    const { generation } = await (await fetch(`${xlab.url}lab/state`)).json()
    const reply = await (await fetch(`${xlab.url}lab/launch?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'launch', generation }) })).json()
    auth = new URL(reply.url).searchParams.get('auth')!
  }
  beforeAll(async () => {
    xlab = await startLab()
    await newAttemptLaunched()
  })
  afterAll(async () => { await xlab?.close() })

  it('refuses a statement nested 200,000 deep with 400 and a problem, and keeps running', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const body = `{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"http://example.org/a","definition":{"extensions":{"http://example.org/x":${deep}}}}}`
    const r = await fetch(`${xlab.url}xapi/statements`, { method: 'POST', headers: headers(), body })
    expect(r.status).toBe(400)
    expect(await r.text()).toBe('the JSON is nested 200,004 levels deep; the lab accepts at most 32')
    const log = await logWhen(xlab, (l) => l.problems.some((p) => /nested 200,004 levels deep/.test(p.message)))
    expect(log.statements).toEqual([])
    // A state document as deep: stored as the content sent it, shown as text, never walked.
    const query = new URLSearchParams({ activityId: 'http://example.org/a', agent: '{"mbox":"mailto:a@example.org"}', stateId: 'deep' })
    expect((await fetch(`${xlab.url}xapi/activities/state?${query}`, { method: 'PUT', headers: headers(), body: deep })).status).toBe(204)
    await new Promise((r) => setTimeout(r, 200)) // the log is pushed to the page on a timer: it must not throw there
    expect(xlab.log().data.deep).toBe(deep)
    expect((await fetch(`${xlab.url}lab/state`)).status).toBe(200)
  })

  it('refuses a statement from an ended attempt\'s content (a late unload beacon) and keeps it out of the new attempt\'s log', async () => {
    const statement = (verb: string) => JSON.stringify({ actor: { mbox: 'mailto:a@example.org' }, verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` }, object: { id: 'http://example.org/a' } })
    const ended = headers()
    await newAttemptLaunched()
    const late = await fetch(`${xlab.url}xapi/statements`, { method: 'POST', headers: ended, body: statement('terminated') })
    expect(late.status).toBe(401)
    expect((await fetch(`${xlab.url}xapi/statements`, { method: 'POST', headers: headers(), body: statement('initialized') })).status).toBe(200)
    const log = xlab.log()
    expect(log.statements.map((s) => (s as { verb: { id: string } }).verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/initialized'])
    expect(log.problems).toEqual([])
    expect(log.sessions.flatMap((s) => s.calls.map((c) => c.method))).toEqual(['POST statements'])
  })
})
