import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.COURSEPACK_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Debian's Chromium, headless; the flags keep it from reaching for the network this machine does not have.
 * One per test file: a Chromium shared by the run (launchServer in the global setup) was tried and
 * made each call a hop longer through vitest's main process, which a loaded machine felt more than
 * the launches it saved.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
  })
}
