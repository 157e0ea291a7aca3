// The scripted learner's hands, inside the course's frame: finds controls by role and accessible name
// as a screen reader does, and presses them only as a person could (shown, enabled, not covered where
// the click lands). A walk's or a page's steps run in one call from check, not one browser round trip per action.
import { collapseSpaces } from '../../text.js'
import { FRAME_LEARNER_GLOBAL, type AnswerAction, type FrameRequest, type FrameResult, type FrameStep } from './steps.js'

/** The learner cannot go on: the message says what it met, for check's report. */
class Stuck extends Error {
  /** What the step had done before it got stuck (a walk's pages seen). */
  constructor(message: string, readonly done?: string[]) { super(message) }
}

type Role = 'button' | 'radio' | 'checkbox' | 'combobox' | 'textbox' | 'group' | 'heading1' | 'listitem'

/** Elements of each role, by their native element and by an explicit role. */
const ROLE_SELECTORS: Record<Role, string> = {
  button: 'button, [role="button"]',
  radio: 'input[type="radio"], [role="radio"]',
  checkbox: 'input[type="checkbox"], [role="checkbox"]',
  combobox: 'select, [role="combobox"]',
  textbox: 'input[type="text"], input:not([type]), textarea, [role="textbox"]',
  group: 'fieldset, [role="group"]',
  heading1: 'h1, [role="heading"][aria-level="1"]',
  listitem: 'li, [role="listitem"]',
}

/** Text content as an accessible name reads it: what is hidden from assistive technology is left out. */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? ''
  if (node instanceof Element && (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden'))) return ''
  let text = ''
  node.childNodes.forEach((child) => { text += textOf(child) })
  return text
}

/** The accessible name, for the markup players use: labelledby, aria-label, a label element, a legend, or the content. */
function nameOf(element: Element): string {
  const labelledBy = element.getAttribute('aria-labelledby')
  if (labelledBy) return collapseSpaces(labelledBy.split(/\s+/).map((id) => { const target = document.getElementById(id); return target ? textOf(target) : '' }).join(' '))
  const label = collapseSpaces(element.getAttribute('aria-label') ?? '')
  if (label) return label
  const labels = (element as HTMLInputElement).labels
  if (labels && labels.length > 0) return collapseSpaces(Array.from(labels, (l) => textOf(l)).join(' '))
  if (element instanceof HTMLFieldSetElement) {
    const legend = Array.from(element.children).find((c) => c instanceof HTMLLegendElement)
    return legend ? collapseSpaces(textOf(legend)) : ''
  }
  return collapseSpaces(textOf(element))
}

/** Shown on screen: has a box, is not made invisible, and is not hidden from assistive technology. */
function isShown(element: Element): boolean {
  if (element.closest('[aria-hidden="true"]')) return false
  const box = element.getBoundingClientRect()
  return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden'
}

function find(role: Role, name: string | ((name: string) => boolean) | undefined, within: ParentNode = document): HTMLElement | undefined {
  const matches = typeof name === 'function' ? name : name === undefined ? () => true : (n: string) => n === name
  for (const element of Array.from(within.querySelectorAll<HTMLElement>(ROLE_SELECTORS[role]))) {
    if (matches(nameOf(element)) && isShown(element)) return element // the name first: it needs no layout
  }
  return undefined
}

/** Waits until `test` gives something, testing again at each change of the page (and every 50 ms, for styles); undefined after `timeout` ms. */
function until<T>(test: () => T | undefined, timeout: number): Promise<T | undefined> {
  const now = test()
  if (now !== undefined || timeout <= 0) return Promise.resolve(now)
  return new Promise((resolve) => {
    const done = (value: T | undefined) => {
      observer.disconnect()
      clearInterval(poll)
      clearTimeout(timer)
      resolve(value)
    }
    const retest = () => { const value = test(); if (value !== undefined) done(value) }
    const observer = new MutationObserver(retest)
    // The document, not its root: a frame's new page can be evaluated in before its <html> is parsed (Moodle
    // loading the next SCO showed documentElement null here), and the root's arrival is a change like any other.
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    const poll = setInterval(retest, 50)
    const timer = setTimeout(() => done(test()), timeout)
  })
}

const seconds = (ms: number): string => `${ms / 1000} s`

function isDisabled(element: HTMLElement): boolean {
  return (element as HTMLButtonElement).disabled === true || element.getAttribute('aria-disabled') === 'true' || element.closest('fieldset:disabled') !== null
}

/** Why a person could not click this now, or '' when they could: it must be shown, enabled, and be what is under the pointer at its centre. */
function clickBlocker(element: HTMLElement): string {
  if (!element.isConnected || !isShown(element)) return 'it is not shown'
  if (isDisabled(element)) return 'it is disabled'
  let box = element.getBoundingClientRect()
  const inView = (b: DOMRect) => b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth
  if (!inView(box)) {
    element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' })
    box = element.getBoundingClientRect()
  }
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
  if (!hit) return 'it is outside the window'
  const label = hit.closest('label')
  if (hit === element || element.contains(hit) || (label !== null && label.control === element)) return ''
  return `it is covered by ${describe(hit)}`
}

function describe(element: Element): string {
  const classes = Array.from(element.classList).slice(0, 2).map((c) => `.${c}`).join('')
  return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes}>`
}

/** Clicks as a person would once they can (see clickBlocker); fails with the reason they could not. */
async function click(element: HTMLElement, timeout: number): Promise<void> {
  let reason = ''
  await until(() => ((reason = clickBlocker(element)) === '' ? true : undefined), timeout)
  if (reason) throw new Stuck(reason)
  element.click()
}

async function pressButton(name: string, within: ParentNode, timeout: number): Promise<void> {
  const button = await until(() => find('button', name, within), timeout)
  if (!button) throw new Stuck(`the ${name} button did not appear within ${seconds(timeout)}`)
  await click(button, timeout).catch((error: unknown) => { throw error instanceof Stuck ? new Stuck(`could not press ${name}: ${error.message}`) : error })
}

function fire(element: HTMLElement, ...types: string[]): void {
  for (const type of types) element.dispatchEvent(new Event(type, { bubbles: true }))
}

/** Each answer action, done inside the question's group. */
const ANSWER_ACTIONS: { [K in AnswerAction['do']]: (action: Extract<AnswerAction, { do: K }>, group: HTMLElement, timeout: number) => Promise<void> } = {
  async check(action, group, timeout) {
    const input = find(action.role, action.name, group) as HTMLInputElement | undefined
    if (!input) throw new Stuck(`no ${action.role} “${action.name}” in it`)
    if (!input.checked) await click(input, timeout)
    if (!input.checked) throw new Stuck(`the ${action.role} “${action.name}” did not stay ticked`)
  },
  async select(action, group, timeout) {
    const select = find('combobox', action.name, group) as HTMLSelectElement | undefined
    if (!select) throw new Stuck(`no list “${action.name}” in it`)
    const option = Array.from(select.options).find((o) => collapseSpaces(o.text) === action.label)
    if (!option) throw new Stuck(`the list “${action.name}” has no option “${action.label}”`)
    await until(() => (clickBlocker(select) === '' ? true : undefined), timeout)
    const blocker = clickBlocker(select)
    if (blocker) throw new Stuck(`could not choose in “${action.name}”: ${blocker}`)
    select.focus()
    select.value = option.value
    fire(select, 'input', 'change')
  },
  async fill(action, group, timeout) {
    const box = find('textbox', undefined, group) as HTMLInputElement | undefined
    if (!box) throw new Stuck('no text box in it')
    await until(() => (clickBlocker(box) === '' ? true : undefined), timeout)
    const blocker = clickBlocker(box)
    if (blocker) throw new Stuck(`could not type: ${blocker}`)
    box.focus()
    box.value = action.text
    fire(box, 'input', 'change')
  },
  async order(action, group, timeout) {
    for (const [place, item] of action.items.entries()) {
      const shown = () => Array.from(group.querySelectorAll(ROLE_SELECTORS.listitem), (li) => collapseSpaces(textOf(li)))
      for (let at = shown().findIndex((text) => text.startsWith(item)); at > place; at--) {
        await pressButton(action.moveUp[place]!, group, timeout)
      }
    }
  },
}

/** Each step a page asks for, by kind. */
const STEPS: { [K in FrameStep['do']]: (step: Extract<FrameStep, { do: K }>, timeout: number) => Promise<FrameResult['values'][number]> } = {
  async show(step, timeout) {
    const titles = step.titles
    const heading = () => find('heading1', titles && ((name) => titles.includes(name)))
    const begin = () => find('button', (name) => step.begin.includes(name))
    const fail = () => {
      if (step.optional) return null
      throw new Stuck(`${step.what} did not appear within ${seconds(timeout)}`)
    }
    if (!(await until(() => heading() ?? begin(), timeout))) return fail()
    // Every launch opens on the start page: go past it (a press that fails shows in the wait after it).
    const start = begin()
    if (start) await click(start, timeout).catch(() => undefined)
    if (!(await until(heading, timeout))) return fail()
    const first = find('heading1', undefined)
    return first ? collapseSpaces(textOf(first)) : null
  },
  async answer(step, timeout) {
    const group = await until(() => find('group', step.prompt), step.optional ? 0 : timeout)
    if (!group) {
      if (step.optional) return false // a question bank did not draw it
      throw new Stuck(`the question “${step.prompt}” did not appear within ${seconds(timeout)}`)
    }
    try {
      for (const action of step.actions) await (ANSWER_ACTIONS[action.do] as (a: AnswerAction, g: HTMLElement, t: number) => Promise<void>)(action, group, timeout)
      await pressButton(step.submit, group, timeout)
    } catch (error) {
      throw new Stuck(`could not answer “${step.prompt}”: ${error instanceof Error ? error.message : String(error)}`)
    }
    return true
  },
  async press(step, timeout) {
    if (step.ifShown && !find('button', step.name)) return false
    await pressButton(step.name, document, timeout)
    return true
  },
  // One task from page to page, yielding only where it waits for something to show: a yield to the event loop after
  // each page let the browser paint a frame the learner here never looks at, a quarter of the walk's time. Timers the
  // content sets run when the walk waits, or after it.
  async walk(step, timeout) {
    const seen: string[] = []
    try {
      for (let i = 0; i < step.pages.length; i++) {
        let page = step.pages[i]!
        if (page.bank) {
          const shown = await STEPS.show({ do: 'show', begin: step.begin, what: 'a page heading' }, timeout)
          const at = step.pages.findIndex((p, k) => k >= i && p.title === shown)
          if (at < 0) return seen // past the last drawn page: the results page (or a page after the walk's) is shown
          i = at
          page = step.pages[at]!
        } else await STEPS.show({ do: 'show', titles: [page.title], begin: step.begin, what: `the page “${page.title}”` }, timeout)
        seen.push(page.title) // seen once its heading showed, even if the learner then gets stuck on it
        for (const answer of page.answers) await STEPS.answer(answer, timeout)
        await STEPS.press({ do: 'press', name: step.next }, timeout)
      }
      return seen
    } catch (error) {
      throw error instanceof Stuck ? new Stuck(error.message, seen) : error
    }
  },
}

async function run(request: FrameRequest): Promise<FrameResult> {
  const values: FrameResult['values'] = []
  for (const step of request.steps) {
    try {
      values.push(await (STEPS[step.do] as (s: FrameStep, t: number) => Promise<FrameResult['values'][number]>)(step, request.timeout))
    } catch (error) {
      if (error instanceof Stuck && error.done) values.push(error.done)
      return { values, stuck: error instanceof Stuck ? error.message : `the learner's script failed: ${error instanceof Error ? error.message : String(error)}` }
    }
  }
  return { values }
}

;(globalThis as unknown as Record<string, unknown>)[FRAME_LEARNER_GLOBAL] = { run }
