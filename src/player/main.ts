// Boot: read the course (window.__COURSEPACK__) and the scope (<body data-scope>), ask the adapter
// what was saved, then render and keep the adapter told. The player owns the learner; the adapter
// owns the standard, so nothing here knows which standard it is talking to.
import type { PlayerData } from './data.js'
import type { FinishReason, ProgressSnapshot, StartResult, TrackingAdapter } from './tracking/adapter.js'
import type { LearnerState, Response } from './progress.js'
import { SCOPE_ATTRIBUTE } from './data.js'
import { isRightToLeft, stringsFor } from './i18n.js'
import { pageHistory } from './history.js'
import { buildPager, buildToc, screenLink } from './nav.js'
import {
  answerQuestion, buildScope, clearPracticeAnswer, finalScore, findQuestion, goTo, gradedQuestions, locationOf, questionRecord, retry, withPassDate,
} from './progress.js'
import { restoreState, snapshotOf } from './suspend.js'
import { renderClosed, renderFatal, renderPage, renderShell, showNotRecorded, type SessionView } from './render.js'
import { displayName } from './certificate-code.js'
import { renderCertificate, todayIso } from './certificate.js'
import { buildProgress } from './progress-view.js'
import { renderStart } from './start.js'
import { renderResources } from './resources.js'
import { clear } from './dom.js'
import { printModule } from './print.js'

export function start(adapter: TrackingAdapter): void {
  const run = (): void => {
    boot(adapter).catch((e: unknown) => console.error('coursepack: the player failed to start', e))
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true })
  else run()
}

async function boot(adapter: TrackingAdapter): Promise<void> {
  const root = document.body
  const data: PlayerData | undefined = window.__COURSEPACK__
  if (!data || data.format !== 1 || !Array.isArray(data.modules)) {
    renderFatal(root, stringsFor(document.documentElement.lang))
    return
  }
  const t = stringsFor(data.course.language, data.course.strings)
  document.documentElement.dir = isRightToLeft(data.course.language) ? 'rtl' : 'ltr' // the theme uses logical sides: it mirrors itself
  const requested = root.getAttribute(SCOPE_ATTRIBUTE)
  const scope = buildScope(data, requested || null)
  if (requested && scope.moduleId === null) console.warn(`coursepack: no module "${requested}" in this course; playing the whole course`)

  let state: LearnerState = restoreState(scope, null)
  /** The state with the day of the pass written down, the first time it is passed (the certificate's date). */
  const dated = (next: LearnerState): LearnerState => withPassDate(scope, next, todayIso())
  let ended = false
  const shownAt = new Map<string, number>() // question id → when it was shown, for latency

  const addresses = pageHistory(scope)
  const toc = buildToc(scope, t, (index) => show(goTo(scope, state, index)), addresses.href)
  const pager = buildPager(scope, t, (delta) => show(goTo(scope, state, state.page + delta)))
  const progress = buildProgress(scope, t, toc.nav)
  const shell = renderShell(root, scope, t, { tocToggle: toc.toggle, toc: toc.nav, pager: pager.el, progress: progress.el })
  // What the page area shows: the start page on every launch, then course pages (and results), the certificate,
  // or the resources page. Only course pages are pages to the LMS, the pager and progress.
  let screen: 'start' | 'course' | 'certificate' | 'resources' = 'start'
  const markStart = screenLink(toc, t.aboutCourse, '#cp-start', 'first', () => { if (!ended) { screen = 'start'; draw(true) } })
  const resources = data.resources ?? []
  const openResources = (): void => {
    if (ended) return
    screen = 'resources'
    draw(true)
    addresses.recordResources()
  }
  const markResources = resources.length > 0 ? screenLink(toc, t.resources, addresses.resources, 'last', openResources) : () => {}

  const view: SessionView = { recorded: true }
  const showBanner = (text: string): void => {
    shell.banner.textContent = text
    shell.banner.hidden = false
  }
  /** The LMS refused to keep progress, at start or mid-session: say so now, and on the results page. */
  const refused = (): void => {
    view.recorded = false
    showBanner(t.notSavedRefused)
    showNotRecorded(shell.page, t)
  }

  let started: StartResult
  try {
    started = await adapter.start({
      courseId: data.course.id,
      courseVersion: data.course.version,
      courseTitle: data.course.title,
      language: data.course.language,
      scope: scope.moduleId,
      passingScore: data.course.passingScore,
      graded: gradedQuestions(scope).length > 0,
    }, refused)
  } catch (e) {
    console.warn('coursepack: tracking could not start; progress will not be saved', e)
    started = { saved: null, persistent: false } // the course still plays
  }
  if (typeof started.passingScore === 'number') scope.course = { ...scope.course, passingScore: started.passingScore }
  // A pass saved by an older player has no day: it is written down now.
  state = dated(restoreState(scope, started.saved))
  // The LMS's name always wins; a name the learner typed is kept with their progress for when it gives none.
  if (started.learnerName) view.learnerName = displayName(started.learnerName)
  else if (state.typedName) view.learnerName = state.typedName
  const linked = addresses.indexOf(location.hash) // a deep link (…/index.html#page-id) wins over the resumed page
  if (linked !== undefined) { state = goTo(scope, state, linked); screen = 'course' } // and skips the start page
  else if (resources.length > 0 && location.hash === addresses.resources) screen = 'resources' // the resumed page stays as it was
  if (started.refused) refused()
  else if (!started.persistent) showBanner(t.notSaved)
  if (started.mode === 'review' || started.mode === 'browse') {
    // The LMS shows a finished attempt and keeps nothing: read-only, its own result, no Retry.
    view.review = started.held ?? { status: null, score: null }
    showBanner(`${started.mode === 'review' ? t.reviewing : t.browsing} ${t.newAttempt}`)
  }

  const snapshot = (cause: ProgressSnapshot['cause']): ProgressSnapshot => snapshotOf(scope, state, cause)

  function draw(focus: boolean): void {
    toc.update(state)
    pager.update(state)
    progress.update(state)
    pager.el.hidden = screen !== 'course'
    markStart(screen === 'start')
    markResources(screen === 'resources')
    // Off course pages no page is current: the start page's link (or none, on the certificate) is.
    if (screen !== 'course') toc.nav.querySelector('a[data-page][aria-current]')?.removeAttribute('aria-current')
    if (screen !== 'course') {
      clear(shell.page)
      const heading = screen === 'start'
        ? renderStart(shell.page, scope, state, t, begin)
        : screen === 'resources'
        ? renderResources(shell.page, scope, resources, t, () => { screen = 'course'; draw(true); addresses.record(state.page) })
        : renderCertificate(shell.page, scope, t, view.learnerName, {
          score: view.review ? view.review.score : finalScore(scope, state),
          date: state.passedOn ?? todayIso(), // a review whose LMS gave back no progress knows no other day
        }, {
          back: () => { screen = 'course'; draw(true) },
          named: (typed) => {
            view.learnerName = typed
            state = { ...state, typedName: typed }
            adapter.rememberName?.(typed)
            if (!ended) adapter.progressChanged(snapshot('name'))
            draw(true)
          },
        })
      document.title = heading.textContent && heading.textContent !== scope.course.title ? `${heading.textContent} – ${scope.course.title}` : scope.course.title
      if (focus) { heading.focus(); window.scrollTo(0, 0) }
      return // the LMS is told of course pages only
    }
    const heading = renderPage(shell, scope, state, t, handlers, view)
    document.title = `${heading.textContent ?? ''} – ${scope.course.title}`
    const now = Date.now()
    const page = scope.pages[state.page]
    if (page) for (const q of page.questions) shownAt.set(q.question.id, now)
    if (focus) {
      heading.focus()
      window.scrollTo(0, 0)
    }
    adapter.pageShown({
      index: state.page, location: locationOf(scope, state.page), title: heading.textContent ?? '',
      ...(page ? { moduleId: page.module.id, moduleTitle: page.module.title } : {}),
    })
  }

  /** Start or Continue on the start page: the page the learner is at, now in the address too. */
  function begin(): void {
    screen = 'course'
    draw(true)
    addresses.record(state.page, true)
  }

  /** `fromAddress`: the browser already moved (Back, Forward, a #page link), so no new history entry. */
  function show(next: LearnerState, cause: ProgressSnapshot['cause'] = 'page', fromAddress = false): void {
    if (ended) return
    state = dated(next)
    screen = 'course'
    draw(true)
    if (!fromAddress) addresses.record(state.page)
    adapter.progressChanged(snapshot(cause))
  }

  function finish(reason: FinishReason): Promise<void> {
    if (ended) return Promise.resolve()
    if (reason === 'exit') ended = true // pagehide may be a trip to the back/forward cache: the page can come back and go on
    adapter.progressChanged(snapshot('page'))
    return adapter.finish(reason) // adapters end their session once and ignore what comes after
  }

  const handlers = {
    goTo: (index: number) => show(goTo(scope, state, index)),
    submit(questionId: string, response: Response) {
      if (ended || view.review) return null
      const result = answerQuestion(scope, state, questionId, response)
      const q = findQuestion(scope, questionId)
      if (!result || !q) return null
      state = dated(result.state)
      const now = Date.now()
      adapter.questionAnswered({
        ...questionRecord(q, result.answer, { latencyMs: now - (shownAt.get(questionId) ?? now), answeredAt: now }),
        moduleId: q.module.id, moduleTitle: q.module.title,
      })
      adapter.progressChanged(snapshot('answer'))
      toc.update(state)
      return result.answer
    },
    tryAgain(questionId: string) {
      if (ended || view.review) return
      state = clearPracticeAnswer(scope, state, questionId)
      shownAt.set(questionId, Date.now())
      adapter.progressChanged(snapshot('page'))
    },
    retry: () => { if (!view.review) show(retry(scope, state), 'retry') },
    viewCertificate() {
      screen = 'certificate'
      draw(true)
    },
    printModule: () => printModule(scope, state, t, state.page), // the adapter is not told: printing is not progress
    exit() {
      void finish('exit').then(() => renderClosed(root, scope, t, view).focus())
    },
  }

  draw(false) // the start page; no focus move on load: the learner starts at the top of the page
  // The address names a course page only once one is shown: a reload of the start page is the start page.
  if (screen === 'course') addresses.record(state.page, true)
  const followAddress = (): void => {
    if (ended) return
    if (resources.length > 0 && location.hash === addresses.resources) {
      if (screen !== 'resources') { screen = 'resources'; draw(true) }
      return
    }
    const index = addresses.indexOf(location.hash)
    if (index !== undefined && (index !== state.page || screen !== 'course')) show(goTo(scope, state, index), 'page', true)
    else if (index === undefined && screen === 'resources') { screen = 'start'; draw(true) } // Back to the start page, whose address names no page
  }
  window.addEventListener('popstate', followAddress)
  window.addEventListener('hashchange', followAddress)
  adapter.progressChanged(snapshot('start'))

  // Never unload/beforeunload: Moodle 4.5 blocks unload, Chrome forbids sync XHR there (SPEC-NOTES §6.1).
  window.addEventListener('pagehide', () => { void finish('pagehide') })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden' || ended) return
    adapter.progressChanged(snapshot('page'))
    adapter.flush()
  })
}
