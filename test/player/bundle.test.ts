import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// The global setup builds lib/player/*.js from src/player/entries before any test runs.
const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string) => readFileSync(root + path, 'utf8')

describe('what every package carries', () => {
  it('the launch page loads the theme, then course.js, then the player, by relative paths', () => {
    const html = read('templates/player/index.html')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain('<html lang="{{lang}}">')
    expect(html).toContain('<title>{{title}}</title>')
    expect(html).toContain('<body{{body_attrs}}>')
    expect(html).toContain('<noscript>')
    const order = ['href="player/theme.css"', 'src="course.js"', 'src="player/player.js"'].map((s) => html.indexOf(s))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).not.toMatch(/(src|href)="(\/|https?:)/)
  })

  it.each(['scorm12', 'local', 'xapi'])('the %s player with the theme stays under 40 KB gzipped', (name) => {
    const size = gzipSync(read(`lib/player/${name}.js`) + read('templates/player/theme.css')).length
    expect(size).toBeLessThan(40 * 1024)
  })

  it.each(['scorm12', 'local'])('the %s player never listens for unload or beforeunload and needs no network', (name) => {
    const js = read(`lib/player/${name}.js`)
    expect(js).not.toMatch(/["'`](before)?unload["'`]/)
    expect(js).toContain('"pagehide"')
    expect(js).not.toMatch(/\bfetch\(|XMLHttpRequest|https?:\/\//)
  })

  it('the xAPI player never listens for unload or beforeunload, and talks to no fixed address', () => {
    const js = read('lib/player/xapi.js')
    expect(js).not.toMatch(/["'`](before)?unload["'`]/)
    expect(js).toContain('"pagehide"')
    expect(js).not.toMatch(/XMLHttpRequest|LMSInitialize|API_1484_11/)
    // Its only absolute addresses are identifiers (verbs, activity types, the default course IRI base), never a server.
    const urls = new Set(js.match(/https?:\/\/[^"'`\s]+/g) ?? [])
    for (const url of urls) expect(url).toMatch(/^(http:\/\/adlnet\.gov\/expapi\/|http:\/\/activitystrea\.ms\/schema\/|https:\/\/coursepack\.dev\/xapi\/courses\/)/)
  })

  it('the SCORM 1.2 player holds no other standard, and the web player no SCORM', () => {
    expect(read('lib/player/scorm12.js')).not.toMatch(/API_1484_11|localStorage/)
    expect(read('lib/player/local.js')).not.toMatch(/LMSInitialize/)
  })
})
