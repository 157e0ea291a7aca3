import { chromium, type Browser, type LaunchOptions } from 'playwright-core'
import { inject } from 'vitest'

export const CHROMIUM = process.env.COURSEPACK_CHROMIUM ?? '/usr/bin/chromium'

/** Debian's Chromium, headless; the flags keep it from reaching for the network this machine does not have. */
export const BROWSER_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
}

/**
 * The run's one Chromium, started by the global setup (test/setup/global-setup.ts): each test file
 * connects instead of starting a browser of its own. Its pages get a fresh context each, and
 * `close()` closes this file's contexts and disconnects, leaving the browser to the other files.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = inject('browser')
  if ('error' in browser) throw new Error(browser.error)
  return chromium.connect(browser.endpoint)
}
