// Finding a Chromium or Chrome on this machine: `check` drives the same browser engine the tests use,
// and downloads none (playwright-core ships no browser).
import { accessSync, constants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser } from 'playwright-core'

export const NO_BROWSER_MESSAGE = 'check needs Chromium or Chrome: install it (Debian/Ubuntu: sudo apt-get install chromium) or pass --browser PATH'

/** Where browsers usually are, in the order they are tried after $COURSEPACK_CHROMIUM. */
export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The browser to use: `--browser PATH` when given (and only it: a wrong path is an error, not a
 * reason to try others), else $COURSEPACK_CHROMIUM, else the first of the usual paths that exists.
 */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv, candidates: readonly string[] = BROWSER_PATHS): string | undefined {
  if (explicit !== undefined) return isExecutableFile(explicit) ? explicit : undefined
  const fromEnv = env.COURSEPACK_CHROMIUM
  if (fromEnv && isExecutableFile(fromEnv)) return fromEnv
  return candidates.find(isExecutableFile)
}

// playwright-core is loaded when `check` runs, by a name esbuild cannot follow: the CLI bundle
// (lib/cli.js) stays small for `build`, and Node resolves the installed dependency at run time. It is
// CommonJS, so it is required: an import() first has Node scan its modules for the names they export,
// 0.1 s of every check.
const PLAYWRIGHT = 'playwright-core'

/** Past this, a browser that has not started is not going to (Playwright's own default is three minutes). */
export const LAUNCH_TIMEOUT_MS = 30_000

/** Resolves or rejects as `work` does, or rejects with OutOfTime after `ms`: no await on the browser may outlive check's deadline. */
export class OutOfTime extends Error {}
export function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new OutOfTime(`${what} took longer than ${Math.round(ms / 100) / 10} s`)), Math.max(0, ms)) })
  return Promise.race([work, limit]).finally(() => clearTimeout(timer))
}

/**
 * Features Playwright turns off itself (playwright-core 1.65: no HTTPS upgrades, no paint holding, no
 * calls home...). Chromium keeps only the last --disable-features it is given, so ours repeats them;
 * test/check/browser.test.ts fails when a Playwright release adds one this list lacks.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
]

/**
 * Features of the browser's own window that a headless check never shows. Chromium 156 keeps two WebUI
 * omnibox popups (chrome://omnibox-popup.top-chrome) in a renderer of their own even headless: about
 * 1 s of CPU at launch, then a fifth of a core for as long as the browser runs, which on two cores
 * slowed every check and the whole test suite.
 */
const UNSHOWN_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']

/**
 * Chromium starts a spare renderer beside each new page, for the next site a tab might open. check and
 * the tests open a page and close it with its context, so the spare was started and ended unused: it
 * made a new page cost 0.51 s of CPU instead of 0.35 s.
 */
const UNUSED_FEATURES = ['SpareRendererForSitePerProcess']

/**
 * Chromium's flags for check and the browser tests: no reaching for the network, none of the browser's own pages.
 * With no GPU (--disable-gpu) Chromium still composites every frame in a GPU process of its own, in software;
 * --in-process-gpu does that work on a thread of the browser process instead, without the hop between the
 * two: 2–14 % less CPU over the same browser test files, and no process to start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', '--disable-gpu', '--in-process-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--allow-file-access-from-files',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNSHOWN_FEATURES, ...UNUSED_FEATURES].join(',')}`,
]

/**
 * Headless, with CHROMIUM_ARGS; gives up after `timeout` ms. Ctrl-C and SIGTERM are the check command's to
 * answer (it exits at once; Playwright's exit handler then kills the browser and removes its profile):
 * Playwright's own answer closed the browser under the running check, which then reported that as its error.
 */
export async function launchBrowser(executablePath: string, timeout = LAUNCH_TIMEOUT_MS): Promise<Browser> {
  const { chromium } = createRequire(import.meta.url)(PLAYWRIGHT) as typeof import('playwright-core')
  return chromium.launch({
    executablePath, headless: true, timeout: Math.max(1, timeout), args: [...CHROMIUM_ARGS], handleSIGINT: false, handleSIGTERM: false,
  })
}
