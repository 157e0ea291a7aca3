import { describe, expect, it } from 'vitest'
import { bounded, launchBrowser, OutOfTime } from '../../src/check/browser.js'
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
