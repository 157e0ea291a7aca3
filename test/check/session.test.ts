import { describe, expect, it } from 'vitest'
import { CheckSession } from '../../src/check/index.js'
import { startLab } from '../../src/lab/server.js'
import { CHROMIUM } from '../helpers/browser.js'

describe('a check session', () => {
  it('opens the lab page with the browser, before any package is served: the first package launches on a page already there, as every later one does', async () => {
    const session = new CheckSession(CHROMIUM, startLab)
    try {
      const { browser, lab } = await session.open()
      const pages = browser.contexts().flatMap((c) => c.pages())
      expect(pages.map((p) => p.url())).toEqual([lab.url])
      expect(await pages[0]!.locator('#lab-waiting').isVisible()).toBe(true)
    } finally {
      await session.close()
    }
  }, 60_000)
})
