import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS } from '../../src/check/browser.js'

export const CHROMIUM = process.env.COURSEPACK_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Debian's Chromium, headless, with check's flags (CHROMIUM_ARGS).
 * One per test file: a Chromium shared by the run (launchServer in the global setup) was tried and
 * made each call a hop longer through vitest's main process, which a loaded machine felt more than
 * the launches it saved.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] })
}
