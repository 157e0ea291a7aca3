// The lab page in the browser: hosts scorm-again's API object for SCORM content (as Moodle's player
// page hosts its own), launches the content in the iframe with what the server hands out, reports
// every SCORM call to the server in order (batched while a report is on its way), and draws the
// panel from the server's log.
import { Scorm12API, Scorm2004API } from 'scorm-again'
import { isScormVersion, SCORM_API } from '../../scorm-api.js'

// The server's shapes (src/lab/server.ts), restated: this bundle never imports Node code.
interface Call { method: string; args: string[]; result: string; error: string }
interface Problem { severity: 'error' | 'warning'; message: string; session: number; call?: number }
interface Interaction { id: string; type: string; response: string; result: string; session: number }
interface Log {
  target: string; attempt: number
  sessions: { initialized: boolean; finished: boolean; calls: Call[] }[]
  problems: Problem[]
  statements: unknown[]
  summary: { status: string; score: string; location: string; suspendData?: { length: number; limit: number }; sessionTime: string; interactions: Interaction[] }
}
interface State {
  generation: number; target: string | null; runtime: 'scorm' | 'lrs' | 'none' | null; title: string | null; error: string | null; attempt: number
  /** The href launched, and the package's launches when it has several (a SCO or AU per module). */
  launch: string | null; launches: { href: string; title: string }[]
}
interface Launch { attempt: number; session: number; target: string; url: string; saved?: Record<string, unknown> }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const frame = $<HTMLIFrameElement>('lab-content')
const restartButton = $<HTMLButtonElement>('lab-restart')
const relaunchButton = $<HTMLButtonElement>('lab-relaunch')
const reviewButton = $<HTMLButtonElement>('lab-review')
const launchPicker = $<HTMLSelectElement>('lab-launch')
const launchControls = [restartButton, relaunchButton, reviewButton, launchPicker]
const enableLaunches = (on: boolean) => { for (const c of launchControls) c.disabled = !on }
const labWindow = window as unknown as Record<string, unknown>

let generation = -1
let current: Launch | undefined
let lastState: State | undefined

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (className) node.className = className
  return node
}

function setStatus(text: string): void {
  $('lab-status').textContent = text
}

// ---- the SCORM API object, recorded ----------------------------------------------------------------

/** The lab's per-run token, from this page's HTML: the server refuses attempt-changing requests without it. */
const TOKEN = document.querySelector<HTMLMetaElement>('meta[name="lab-token"]')?.content ?? ''
const CALL_URL = `/lab/call?token=${encodeURIComponent(TOKEN)}`

/** One recorded call, as the server's /lab/call takes it; `data` is the CMI data the LMS holds after it. */
interface CallReport { attempt: number; session: number; call: Call; errorText: string; data?: unknown }

/** Calls made since the last report left, in order; each report carries how to read its API's data then. */
let unsent: { report: CallReport; snapshot: () => unknown }[] = []
let sending: Promise<void> | undefined
/** Most characters of arguments in one report (the server takes 2 MB a request; suspend data can be 64 kB a call). */
const BATCH_CHARS = 512 * 1024

/**
 * Reports a call to the server without holding the content up: the first call of a burst leaves at
 * once, the calls made while it is on its way follow together when it is answered, always in order.
 * The CMI data goes once a report, read when it leaves (the state after its last call). A synchronous
 * request per call cost more than the course itself did.
 */
function report(report: CallReport, snapshot: () => unknown): void {
  unsent.push({ report, snapshot })
  sending ??= sendUnsent()
}

function takeBatch(): CallReport[] {
  let chars = 0
  let n = 0
  while (n < unsent.length && (n === 0 || chars < BATCH_CHARS)) chars += unsent[n++]!.report.call.args.reduce((sum, a) => sum + a.length, 64)
  const batch = unsent.slice(0, n)
  unsent = unsent.slice(n)
  const last = batch[batch.length - 1]!
  return batch.map((b) => (b === last && b.report.data === undefined ? { ...b.report, data: b.snapshot() } : b.report))
}

async function sendUnsent(): Promise<void> {
  while (unsent.length > 0) {
    const reports = takeBatch()
    try {
      await fetch(CALL_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reports }) })
    } catch {
      // The server is gone (preview stopped): there is no one left to tell.
    }
  }
  sending = undefined
}

/** Resolves once every call made so far has reached the server (before a relaunch reads the data they left). */
const allReported = (): Promise<void> => sending ?? Promise.resolve()

// While this page itself goes away (the tab closes), a fetch may not get out: a beacon still does.
addEventListener('pagehide', () => {
  while (unsent.length > 0) navigator.sendBeacon(CALL_URL, new Blob([JSON.stringify({ reports: takeBatch() })], { type: 'application/json' }))
})

type Api = Record<string, (...args: string[]) => unknown> & { renderCMIToJSONObject(): { cmi: unknown } }

/** scorm-again's LMS-side runtime per version. */
const RUNTIMES = { scorm12: Scorm12API, scorm2004: Scorm2004API }

function installScorm(launch: Launch): void {
  for (const names of Object.values(SCORM_API)) delete labWindow[names.object]
  if (!isScormVersion(launch.target)) return
  const names = SCORM_API[launch.target]
  const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 } as never
  const api = new RUNTIMES[launch.target](settings) as unknown as Api
  if (launch.saved) (api as unknown as { loadFromJSON(d: unknown): void }).loadFromJSON(launch.saved)
  const { getLastError: lastError, getErrorString: errorString, terminate: ends } = names
  const snapshot = () => { try { return JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi)) } catch { return undefined } }
  const record = (method: string, args: string[]): string => {
    // Terminate may leave the runtime's data reset: what the LMS keeps is the data just before it.
    const before = method === ends ? snapshot() : undefined
    const result = String(api[method](...args))
    const error = String(api[lastError]())
    report({
      attempt: launch.attempt, session: launch.session,
      call: { method, args: args.map((a) => String(a)), result, error },
      errorText: error !== '0' ? String(api[errorString](error)) : '',
      ...(before !== undefined ? { data: before } : {}),
    }, snapshot)
    return result
  }
  const facade: Record<string, (...args: string[]) => string> = {}
  // Calls that change or read the attempt are recorded; the error functions only answer.
  for (const name of [names.initialize, names.terminate, names.getValue, names.setValue, names.commit]) facade[name] = (...args: string[]) => record(name, args.length ? args : [''])
  for (const name of [names.getLastError, names.getErrorString, names.getDiagnostic]) facade[name] = (...args: string[]) => String(api[name](...args))
  labWindow[names.object] = facade
}

// ---- launching ----------------------------------------------------------------------------------

/** Unloads the content (its own pagehide finishes the session) and waits until it is gone. */
function unloadContent(): Promise<void> {
  if (!frame.src || frame.src === 'about:blank') return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); frame.removeEventListener('load', done); resolve() }
    const timer = setTimeout(done, 5000)
    frame.addEventListener('load', done)
    frame.src = 'about:blank'
  })
}

function showOverlay(which: 'waiting' | 'error' | 'none', text = ''): void {
  $('lab-waiting').hidden = which !== 'waiting'
  $('lab-error').hidden = which !== 'error'
  if (which === 'waiting') $('lab-waiting').textContent = text || 'Waiting for the course…'
  if (which === 'error') $('lab-error-text').textContent = text
}

/** 'review' relaunches as an LMS reopens a finished attempt for viewing (SCORM lesson_mode/cmi.mode review, cmi5 launchMode Review). */
async function launch(mode: 'launch' | 'restart' | 'review'): Promise<void> {
  enableLaunches(false)
  try {
    await unloadContent()
    // The calls the content made while unloading (its Finish) are the data this launch resumes from.
    await allReported()
    const wanted = generation
    const response = await fetch(`/lab/launch?token=${encodeURIComponent(TOKEN)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode, generation: wanted }) })
    if (!response.ok) return // the package changed meanwhile: its state event launches again
    current = (await response.json()) as Launch
    installScorm(current)
    showOverlay('none')
    frame.src = current.url
  } finally {
    enableLaunches(!!lastState?.target && !lastState.error)
  }
}

/** The package's SCOs or AUs to launch instead, when it has several; the one launched is selected. */
function drawLaunches(state: State): void {
  const pick = launchPicker.parentElement!
  pick.hidden = state.launches.length < 2
  if (pick.hidden) return
  $('lab-launch-label').textContent = state.runtime === 'lrs' ? 'AU' : 'SCO'
  const shown = [...launchPicker.options].map((o) => `${o.value}\n${o.text}`).join('\n')
  if (shown !== state.launches.map((l) => `${l.href}\n${l.title}`).join('\n')) {
    launchPicker.replaceChildren(...state.launches.map((l) => {
      const option = el('option', l.title)
      option.value = l.href
      return option
    }))
  }
  launchPicker.value = state.launch ?? ''
}

/** Asks the server to launch another of the package's SCOs or AUs: it answers with a state event (a new attempt). */
async function choose(href: string): Promise<void> {
  await fetch(`/lab/choose?token=${encodeURIComponent(TOKEN)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ generation, href }) })
}

async function applyState(state: State): Promise<void> {
  lastState = state
  drawLaunches(state)
  $('lab-title').textContent = state.title ?? ''
  const badge = $('lab-target')
  badge.hidden = !state.target
  badge.textContent = state.target ?? ''
  if (state.generation === generation) return
  generation = state.generation
  if (state.error) {
    enableLaunches(false)
    await unloadContent()
    installScorm({ attempt: 0, session: 0, target: 'none', url: '' })
    showOverlay('error', state.error)
    setStatus('Source error: showing it instead of the course')
    return
  }
  if (!state.target) {
    showOverlay('waiting', 'Building the course…')
    return
  }
  await launch('launch')
}

// ---- the panel ----------------------------------------------------------------------------------

function render(log: Log): void {
  $('lab-attempt').textContent = log.attempt ? String(log.attempt) : ''
  const s = log.summary
  const summary = $('lab-summary')
  summary.replaceChildren()
  const row = (term: string, value: string, over = false) => {
    summary.append(el('dt', term))
    summary.append(el('dd', value || '—', over ? 'over' : undefined))
  }
  row('Status', s.status)
  row('Score', s.score)
  row('Location', s.location)
  if (s.suspendData) {
    const { length, limit } = s.suspendData
    row('Suspend data', `${length.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')} characters`, length > limit)
  }
  row('Session time', s.sessionTime)
  const last = log.sessions[log.sessions.length - 1]
  row('Launches', log.sessions.length ? `${log.sessions.length}${last ? (last.finished ? ', last one finished' : last.initialized ? ', running' : ', starting') : ''}` : '')
  if (log.statements.length || lastState?.runtime === 'lrs') row('Statements', String(log.statements.length))

  const errors = log.problems.filter((p) => p.severity === 'error').length
  const count = $('lab-problem-count')
  count.textContent = String(log.problems.length)
  count.className = errors ? 'count bad' : 'count'
  count.setAttribute('aria-label', `${errors} errors, ${log.problems.length - errors} warnings`)
  const problems = $('lab-problems')
  problems.replaceChildren(...(log.problems.length
    ? log.problems.map((p) => el('li', `${log.sessions.length > 1 ? `Launch ${p.session + 1}: ` : ''}${p.message}`, p.severity))
    : [el('li', 'None so far.', 'none')]))

  const box = $('lab-interactions')
  if (!s.interactions.length) box.replaceChildren(el('p', 'None yet.', 'none'))
  else {
    const table = el('table')
    const head = el('tr')
    for (const h of ['Id', 'Type', 'Response', 'Result']) head.append(el('th', h))
    table.append(head)
    for (const i of s.interactions) {
      const tr = el('tr')
      tr.append(el('td', i.id), el('td', i.type), el('td', i.response, 'mono'), el('td', i.result, i.result))
      table.append(tr)
    }
    box.replaceChildren(table)
  }

  drawCalls(log)
  if (current) setStatus(`Attempt ${log.attempt}, launch ${log.sessions.length}${errors ? ` · ${errors} problem${errors === 1 ? '' : 's'}` : ''}`)
}

/** The calls the log box shows: of which attempt, and how many of each launch's. */
let drawn: { attempt: number; calls: number[] } = { attempt: -1, calls: [] }
const MOST_LOG_LINES = 600

/**
 * The call log, drawn by appending what is new: calls only ever join the last launch, so redrawing
 * hundreds of lines for each new call (the lab page shares its renderer with the course) is waste.
 * A new attempt, or a call joining an earlier launch, draws it again from the start.
 */
function drawCalls(log: Log): void {
  const logBox = $('lab-log')
  const atEnd = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 24
  const appendOnly = log.attempt === drawn.attempt && log.sessions.length >= drawn.calls.length &&
    drawn.calls.every((n, i) => log.sessions[i]!.calls.length === n || (i === drawn.calls.length - 1 && log.sessions[i]!.calls.length > n))
  if (!appendOnly) {
    logBox.replaceChildren()
    drawn = { attempt: log.attempt, calls: [] }
  }
  const bad = new Set(log.problems.filter((p) => p.call !== undefined).map((p) => `${p.session}:${p.call}`))
  const items: HTMLElement[] = []
  log.sessions.forEach((session, n) => {
    const from = drawn.calls[n]
    if (from === undefined) items.push(el('li', `Launch ${n + 1}`, 'session'))
    session.calls.slice(from ?? 0).forEach((c, k) => {
      const i = (from ?? 0) + k
      const args = c.method.includes(' ') ? (c.args.length ? ` [${c.args.join(', ')}]` : '') : `(${c.args.map((a) => JSON.stringify(a.length > 120 ? `${a.slice(0, 117)}…` : a)).join(', ')})`
      const li = el('li', `${c.method}${args}`, bad.has(`${n}:${i}`) ? 'bad' : undefined)
      const failed = c.method.includes(' ') ? !!c.error : c.error !== '0'
      li.append(el('span', ` → ${JSON.stringify(c.result)}${failed ? `  error ${c.error}` : ''}`, 'res'))
      items.push(li)
    })
  })
  drawn.calls = log.sessions.map((session) => session.calls.length)
  logBox.append(...items.slice(-MOST_LOG_LINES))
  while (logBox.childElementCount > MOST_LOG_LINES) logBox.firstElementChild!.remove()
  if (atEnd) logBox.scrollTop = logBox.scrollHeight // follow new calls unless the reader scrolled up
}

// ---- wiring -------------------------------------------------------------------------------------

// One thing at a time: a rebuild arriving while the learner presses a button waits its turn.
let queue = Promise.resolve()
const serially = (task: () => Promise<void>) => { queue = queue.then(task).catch(() => undefined) }
restartButton.addEventListener('click', () => serially(() => launch('restart')))
relaunchButton.addEventListener('click', () => serially(() => launch('launch')))
reviewButton.addEventListener('click', () => serially(() => launch('review')))
launchPicker.addEventListener('change', () => { const href = launchPicker.value; serially(() => choose(href)) })
$('lab-download').addEventListener('click', () => {
  const a = el('a')
  a.href = '/lab/log?download=1'
  a.download = `coursepack-${lastState?.target ?? 'lab'}-attempt-${lastState?.attempt ?? 0}.json`
  document.body.append(a)
  a.click()
  a.remove()
})
const toggle = $<HTMLButtonElement>('lab-toggle')
toggle.addEventListener('click', () => {
  const open = toggle.getAttribute('aria-expanded') !== 'true'
  toggle.setAttribute('aria-expanded', String(open))
  $('lab-panel').classList.toggle('collapsed', !open)
})

const events = new EventSource('/lab/events')
events.addEventListener('state', (e) => {
  const state = JSON.parse((e as MessageEvent<string>).data) as State
  serially(() => applyState(state))
})
// The panel is drawn at most once a frame, from the newest log (older ones are never parsed), and not
// while the page is hidden: the content runs in this page's renderer, and a course that makes hundreds
// of calls must not wait for the panel to be redrawn after each.
let pendingLog: string | undefined
events.addEventListener('log', (e) => {
  const scheduled = pendingLog !== undefined
  pendingLog = (e as MessageEvent<string>).data
  if (scheduled) return
  requestAnimationFrame(() => {
    const text = pendingLog
    pendingLog = undefined
    if (text !== undefined) render(JSON.parse(text) as Log)
  })
})
events.addEventListener('error', () => setStatus('Reconnecting to the preview server…'))
