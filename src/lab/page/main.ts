// The lab page in the browser: hosts scorm-again's API object for SCORM content (as Moodle's player
// page hosts its own), launches the content in the iframe with what the server hands out, reports
// every SCORM call to the server as it happens, and draws the panel from the server's log.
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
interface State { generation: number; target: string | null; runtime: 'scorm' | 'lrs' | 'none' | null; title: string | null; error: string | null; attempt: number }
interface Launch { attempt: number; session: number; target: string; url: string; saved?: Record<string, unknown> }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const frame = $<HTMLIFrameElement>('lab-content')
const restartButton = $<HTMLButtonElement>('lab-restart')
const relaunchButton = $<HTMLButtonElement>('lab-relaunch')
const reviewButton = $<HTMLButtonElement>('lab-review')
const launchButtons = [restartButton, relaunchButton, reviewButton]
const enableLaunches = (on: boolean) => { for (const b of launchButtons) b.disabled = !on }
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

/** Sends one call to the server before the content continues: the log is current the moment a call returns. */
function report(body: unknown): void {
  const text = JSON.stringify(body)
  try {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', CALL_URL, false)
    xhr.setRequestHeader('content-type', 'application/json')
    xhr.send(text)
  } catch {
    // While this page itself unloads, synchronous requests are refused: a beacon still gets out.
    navigator.sendBeacon(CALL_URL, new Blob([text], { type: 'application/json' }))
  }
}

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
    const before = method === ends ? snapshot() : undefined
    const result = String(api[method](...args))
    const error = String(api[lastError]())
    report({
      attempt: launch.attempt, session: launch.session,
      call: { method, args: args.map((a) => String(a)), result, error },
      errorText: error !== '0' ? String(api[errorString](error)) : '',
      data: before ?? snapshot(),
    })
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

async function applyState(state: State): Promise<void> {
  lastState = state
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

  const bad = new Set(log.problems.filter((p) => p.call !== undefined).map((p) => `${p.session}:${p.call}`))
  const items: HTMLElement[] = []
  log.sessions.forEach((session, n) => {
    items.push(el('li', `Launch ${n + 1}`, 'session'))
    session.calls.forEach((c, i) => {
      const args = c.method.includes(' ') ? (c.args.length ? ` [${c.args.join(', ')}]` : '') : `(${c.args.map((a) => JSON.stringify(a.length > 120 ? `${a.slice(0, 117)}…` : a)).join(', ')})`
      const li = el('li', `${c.method}${args}`, bad.has(`${n}:${i}`) ? 'bad' : undefined)
      const failed = c.method.includes(' ') ? !!c.error : c.error !== '0'
      li.append(el('span', ` → ${JSON.stringify(c.result)}${failed ? `  error ${c.error}` : ''}`, 'res'))
      items.push(li)
    })
  })
  const logBox = $('lab-log')
  const atEnd = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 24
  logBox.replaceChildren(...items.slice(-600))
  if (atEnd) logBox.scrollTop = logBox.scrollHeight // follow new calls unless the reader scrolled up
  if (current) setStatus(`Attempt ${log.attempt}, launch ${log.sessions.length}${errors ? ` · ${errors} problem${errors === 1 ? '' : 's'}` : ''}`)
}

// ---- wiring -------------------------------------------------------------------------------------

// One thing at a time: a rebuild arriving while the learner presses a button waits its turn.
let queue = Promise.resolve()
const serially = (task: () => Promise<void>) => { queue = queue.then(task).catch(() => undefined) }
restartButton.addEventListener('click', () => serially(() => launch('restart')))
relaunchButton.addEventListener('click', () => serially(() => launch('launch')))
reviewButton.addEventListener('click', () => serially(() => launch('review')))
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
