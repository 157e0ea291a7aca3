import { describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import { bounded, CHROMIUM_ARGS, launchBrowser, OutOfTime } from '../../src/check/browser.js'
import { CHROMIUM } from '../helpers/browser.js'

describe('check never waits on the browser without a bound', () => {
  it('bounded rejects with OutOfTime when the work never settles, naming what took too long', async () => {
    const never = new Promise<never>(() => undefined)
    await expect(bounded(never, 20, 'opening a browser context')).rejects.toThrow(new OutOfTime('opening a browser context took longer than 0 s'))
    await expect(bounded(Promise.resolve(7), 1000, 'x')).resolves.toBe(7)
  })

  it('the browser launch gives up after its own timeout instead of Playwright\'s three minutes', async () => {
    // 1 ms is less than any Chromium takes to start: the launch must fail on its timeout, not hang or succeed.
    await expect(launchBrowser(CHROMIUM, 1)).rejects.toThrow(/Timeout 1ms exceeded/)
  })
})

describe('the flags check starts Chromium with', () => {
  interface Launched { disabled: string[]; ownPages: string[]; processes: string[] }
  const runs = new Map<string, Promise<Launched>>()
  /** What a browser started with these flags shows, read once per flag list (each launch is a Chromium start). */
  const launched = (args: readonly string[]): Promise<Launched> => {
    const key = args.join(' ')
    if (!runs.has(key)) runs.set(key, readLaunched(args))
    return runs.get(key)!
  }

  /** The features the browser runs without (the last --disable-features wins), the pages of its own it opened, its processes (kinds) with one page open. */
  async function readLaunched(args: readonly string[]): Promise<Launched> {
    // --enable-automation: Chromium tells its command line only then.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...args, '--enable-automation'] })
    try {
      const page = await browser.newPage()
      await page.goto('data:text/html,<h1>x</h1>')
      const cdp = await browser.newBrowserCDPSession()
      const { arguments: line } = await cdp.send('Browser.getBrowserCommandLine')
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] })
      const { processInfo } = await cdp.send('SystemInfo.getProcessInfo')
      const last = line.filter((a) => a.startsWith('--disable-features=')).pop() ?? '--disable-features='
      return {
        disabled: last.slice('--disable-features='.length).split(',').filter(Boolean),
        ownPages: targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url),
        processes: processInfo.map((p) => p.type),
      }
    } finally {
      await browser.close()
    }
  }

  it('keep every feature Playwright turns off, and open none of the browser\'s own pages (omnibox popups cost CPU all along)', async () => {
    const playwright = await launched([])
    const ours = await launched(CHROMIUM_ARGS)
    expect(playwright.disabled).toContain('HttpsUpgrades') // Playwright's list was read
    expect(playwright.disabled.filter((f) => !ours.disabled.includes(f))).toEqual([])
    expect(ours.ownPages).toEqual([])
  })

  it('start one renderer for one page, not a spare one beside it that nothing uses', async () => {
    const renderers = (launch: Launched) => launch.processes.filter((kind) => kind === 'renderer').length
    expect(renderers(await launched(CHROMIUM_ARGS))).toBe(1)
    // The same flags with the spare left on: the page's renderer and a spare (the test would see one too many).
    const spareOn = CHROMIUM_ARGS.map((a) => (a.startsWith('--disable-features=') ? a.replace(',SpareRendererForSitePerProcess', '') : a))
    expect(spareOn).not.toEqual(CHROMIUM_ARGS)
    expect(renderers(await launched(spareOn))).toBe(2)
  })

  it('composite in the browser process, with no GPU process beside it (there is no GPU to use)', async () => {
    expect((await launched(CHROMIUM_ARGS)).processes).not.toContain('GPU')
    expect((await launched(CHROMIUM_ARGS.filter((a) => a !== '--in-process-gpu'))).processes).toContain('GPU') // the test would see one
  })
})
