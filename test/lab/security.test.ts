import { mkdtemp, symlink, writeFile, mkdir } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../src/lab/server.js'

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
