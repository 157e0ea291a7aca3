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

  it('between scenarios the page forgets what the last one stored, as a fresh browser would: local and session storage, cookies', async () => {
    const session = new CheckSession(CHROMIUM, startLab)
    try {
      const { tab, browser } = await session.open()
      const page = browser.contexts()[0]!.pages()[0]!
      const stored = () => page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])
      await page.evaluate(() => { localStorage.setItem('progress', 'cp2;1'); sessionStorage.setItem('token', 'x'); document.cookie = 'seen=1' })
      expect(await stored()).toEqual([1, 1, 'seen=1'])
      for (let scenario = 0; scenario < 2; scenario++) {
        await tab.reset()
        expect(await stored()).toEqual([0, 0, ''])
        await page.evaluate(() => { localStorage.setItem('progress', 'cp2;2'); sessionStorage.setItem('token', 'y') })
      }
    } finally {
      await session.close()
    }
  }, 60_000)
})
