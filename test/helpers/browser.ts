import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { CHROMIUM_ARGS } from '../../src/check/browser.js'

export const CHROMIUM = process.env.COURSEPACK_CHROMIUM ?? '/usr/bin/chromium'

/**
 * The worker's Chromium, launched by the first test file that asks: vitest keeps a worker's modules
 * from file to file (isolate: false), so one launch serves every file the worker runs. Each launch
 * cost about 2 s of CPU on a suite bound by CPU. (A Chromium shared by the whole run, launchServer in
 * the global setup, was tried before: every call took a hop through vitest's main process.) Playwright
 * ends it when the worker exits.
 */
let shared: Promise<Browser> | undefined

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] })
}

async function workerBrowser(): Promise<Browser> {
  let browser: Browser
  try {
    browser = await (shared ??= launch())
  } catch (error) {
    shared = undefined // a launch that failed is not kept: the next file tries again
    throw error
  }
  if (browser.isConnected()) return browser
  shared = launch() // an earlier file's browser went away: a new one
  return shared
}

/**
 * Debian's Chromium, headless, with check's flags (CHROMIUM_ARGS), as a test file sees it: the
 * worker's browser, where what the file opens is its own. Its close() closes the file's contexts
 * and their pages, not the browser the next file uses.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await workerBrowser()
  const opened = new Set<BrowserContext>()
  const own = (context: BrowserContext): BrowserContext => {
    opened.add(context)
    context.once('close', () => opened.delete(context))
    return context
  }
  const overrides: Partial<Browser> = {
    newContext: async (options) => own(await browser.newContext(options)),
    newPage: async (options) => {
      const page = await browser.newPage(options)
      own(page.context())
      return page
    },
    close: async () => { await Promise.all([...opened].map((context) => context.close().catch(() => undefined))) },
  }
  return new Proxy(browser, {
    get(target, key) {
      if (typeof key === 'string' && key in overrides) return overrides[key as keyof Browser]
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
