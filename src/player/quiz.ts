// One question as a form: a fieldset whose legend is the prompt, the choices as labelled radios or
// checkboxes (a textbox named by the prompt for fill-in, a select list per left item for matching, a
// list with move buttons for ordering), "Submit", and feedback in a polite live region.
import type { PlayerQuestion } from './data.js'
import type { Strings } from './i18n.js'
import type { Answer, DisplayOrder, Response, ScopeQuestion } from './progress.js'
import { clear, h } from './dom.js'
import { rightItems } from './scoring.js'

export interface QuizHandlers {
  /** Record the answer; null when the response cannot be accepted (the question is locked). */
  submit(questionId: string, response: Response): Answer | null
  /** Practice only: forget the answer so the learner can try again. */
  tryAgain(questionId: string): void
}

/** How the question's controls read and show a response, and lock, for each question type. */
interface Widget {
  el: HTMLElement
  read(): Response
  write(response: Response): void
  setLocked(locked: boolean): void
  reset(): void
  focus(): void
  /** Marks each part after Submit, in words and a sign, not colour alone; `null` clears the marks. */
  mark?(answer: Answer | null, showAnswers: boolean): void
}

/**
 * `readOnly` (review): the answer, if any, is shown locked and nothing can be submitted or tried again.
 * `order` is progress.ts displayOrder: the shuffled (or starting) order of the question's options.
 * `showAnswers` false (`show_answers: false`): a wrong answer is marked wrong, the right one not shown.
 */
export function renderQuestion(
  q: ScopeQuestion, answer: Answer | undefined, t: Strings, handlers: QuizHandlers, readOnly = false,
  order: DisplayOrder = { lefts: [], rights: [] }, showAnswers = true,
): HTMLElement {
  const question = q.question
  const base = `cp-q-${question.id}`
  const legendId = `${base}-prompt`
  const form = h('form', { class: 'cp-question', 'data-question': question.id, novalidate: true })
  const fieldset = h('fieldset', {}, h('legend', { id: legendId, class: 'cp-prompt' }, question.prompt))
  if (!q.graded) fieldset.appendChild(h('p', { class: 'cp-practice' }, t.practice))

  const widget = question.type === 'fill-in' ? textWidget(base, legendId)
    : question.type === 'matching' ? matchingWidget(question, base, order, t)
      : question.type === 'ordering' ? orderingWidget(question, base, order, t)
        : choiceWidget(question, base, order, t)
  fieldset.appendChild(widget.el)
  const submit = h('button', { type: 'submit', class: 'cp-button cp-submit' }, t.submit)
  const actions = h('div', { class: 'cp-question-actions' }, submit)
  const feedback = h('div', { class: 'cp-feedback', 'aria-live': 'polite', id: `${base}-feedback` })
  fieldset.append(actions, feedback) // inside the group, so "Submit" and the feedback belong to their question
  form.appendChild(fieldset)

  const lock = (a: Answer): void => {
    widget.setLocked(true)
    submit.setAttribute('aria-disabled', 'true') // stays focusable, so focus is not lost to the page
    form.classList.add('cp-answered')
    showFeedback(feedback, question, a, t, showAnswers)
    widget.mark?.(a, showAnswers)
    if (!q.graded && !readOnly) {
      const again = h('button', { type: 'button', class: 'cp-button cp-secondary cp-try-again' }, t.tryAgain)
      again.addEventListener('click', () => {
        handlers.tryAgain(question.id)
        again.remove()
        clear(feedback)
        widget.mark?.(null, showAnswers)
        widget.reset()
        widget.setLocked(false)
        submit.removeAttribute('aria-disabled')
        form.classList.remove('cp-answered')
        widget.focus()
      })
      actions.appendChild(again)
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (readOnly || submit.getAttribute('aria-disabled') === 'true') return
    const response = widget.read()
    const answered = response === null ? null : handlers.submit(question.id, response)
    if (!answered) {
      feedback.textContent = question.type === 'fill-in' ? t.typeFirst : question.type === 'matching' ? t.matchFirst : t.chooseFirst
      feedback.className = 'cp-feedback cp-hint'
      return
    }
    lock(answered)
  })

  if (answer) {
    widget.write(answer.response)
    lock(answer)
  } else if (readOnly) {
    widget.setLocked(true)
    submit.remove()
  }
  return form
}

function textWidget(base: string, legendId: string): Widget {
  const input = h('input', { type: 'text', id: `${base}-text`, class: 'cp-text', 'aria-labelledby': legendId, autocomplete: 'off', spellcheck: 'false', maxlength: 255 })
  return {
    el: h('div', { class: 'cp-fill' }, input),
    read: () => (input.value.trim() === '' ? null : input.value),
    write: (r) => { input.value = typeof r === 'string' ? r : '' },
    setLocked: (locked) => { input.disabled = locked },
    reset: () => { input.value = '' },
    focus: () => input.focus(),
  }
}

/** Radios or checkboxes in display order; each input's value is its choice's source index. */
function choiceWidget(question: Extract<PlayerQuestion, { type: 'single' | 'multiple' | 'true-false' }>, base: string, order: DisplayOrder, t: Strings): Widget {
  const multiple = question.type === 'multiple'
  const labels = question.type === 'true-false' ? [t.true, t.false] : question.choices.map((c) => c.text)
  const shown = order.lefts.length === labels.length ? order.lefts : labels.map((_, i) => i)
  const inputs: HTMLInputElement[] = []
  const marks: HTMLElement[] = [] // beside each input, in display order
  const list = h('div', { class: 'cp-choices' })
  for (const i of shown) {
    const id = `${base}-${i}`
    const input = h('input', { type: multiple ? 'checkbox' : 'radio', name: base, id, value: String(i), 'aria-describedby': `${id}-mark` })
    const mark = h('span', { class: 'cp-mark', id: `${id}-mark` })
    inputs.push(input)
    marks.push(mark)
    list.appendChild(h('div', { class: 'cp-choice' }, input, h('label', { for: id }, labels[i]!), mark))
  }
  const chosen = () => inputs.filter((input) => input.checked).map((input) => Number(input.value)).sort((a, b) => a - b)
  return {
    el: list,
    read: () => {
      const picked = chosen()
      if (picked.length === 0) return null
      return question.type === 'true-false' ? picked[0] === 0 : picked
    },
    write: (r) => {
      for (const input of inputs) {
        const i = Number(input.value)
        input.checked = question.type === 'true-false' ? r === (i === 0) : Array.isArray(r) && r.includes(i)
      }
    },
    setLocked: (locked) => { for (const input of inputs) input.disabled = locked },
    reset: () => { for (const input of inputs) input.checked = false },
    focus: () => inputs[0]?.focus(),
    mark: (answer, showAnswers) => {
      const right = new Set(rightChoices(question))
      const showRight = showAnswers || answer?.correct === true
      marks.forEach((mark, n) => {
        const i = Number(inputs[n]!.value)
        const chosen = answer !== null && inputs[n]!.checked
        const kind = answer === null ? '' : chosen ? (right.has(i) ? 'right' : 'wrong') : right.has(i) && showRight ? 'answer' : ''
        mark.className = kind ? `cp-mark cp-mark-${kind}` : 'cp-mark'
        mark.textContent = kind === 'right' ? t.yourChoiceRight : kind === 'wrong' ? t.yourChoiceWrong : kind === 'answer' ? t.rightChoice : ''
      })
    },
  }
}

/** The indices of the right choices (true-false: True is 0, False is 1). */
function rightChoices(question: Extract<PlayerQuestion, { type: 'single' | 'multiple' | 'true-false' }>): number[] {
  if (question.type === 'true-false') return [question.answer ? 0 : 1]
  return question.choices.flatMap((c, i) => (c.correct ? [i] : []))
}

/** One select list per left item, named by it: keyboard and touch alike, no dragging. */
function matchingWidget(question: Extract<PlayerQuestion, { type: 'matching' }>, base: string, order: DisplayOrder, t: Strings): Widget {
  const rights = rightItems(question)
  const lefts = order.lefts.length === question.pairs.length ? order.lefts : question.pairs.map((_, i) => i)
  const options = order.rights.length === rights.length ? order.rights : rights.map((_, i) => i)
  const selects: HTMLSelectElement[] = []
  const list = h('div', { class: 'cp-matches' })
  for (const i of lefts) {
    const id = `${base}-left-${i}`
    const select = h('select', { id, class: 'cp-match-select', 'data-left': i }, h('option', { value: '' }, t.choosePlaceholder))
    for (const r of options) select.appendChild(h('option', { value: String(r) }, rights[r]!))
    selects.push(select)
    list.appendChild(h('div', { class: 'cp-match' }, h('label', { for: id, class: 'cp-match-left' }, question.pairs[i]!.left), select))
  }
  return {
    el: list,
    read: () => {
      const response = new Array<number>(question.pairs.length)
      for (const select of selects) {
        if (select.value === '') return null
        response[Number(select.getAttribute('data-left'))] = Number(select.value)
      }
      return response
    },
    write: (r) => {
      for (const select of selects) {
        const chosen = Array.isArray(r) ? r[Number(select.getAttribute('data-left'))] : undefined
        select.value = chosen === undefined ? '' : String(chosen)
      }
    },
    setLocked: (locked) => { for (const select of selects) select.disabled = locked },
    reset: () => { for (const select of selects) select.value = '' },
    focus: () => selects[0]?.focus(),
  }
}

/**
 * The items as a list with "Move up" and "Move down" buttons on each: keyboard and touch alike, no
 * dragging. A move keeps focus on the button pressed and is announced ("… is now 2 of 5").
 */
function orderingWidget(question: Extract<PlayerQuestion, { type: 'ordering' }>, base: string, order: DisplayOrder, t: Strings): Widget {
  const start = order.lefts.length === question.items.length ? order.lefts : question.items.map((_, i) => i)
  const list = h('ol', { class: 'cp-order', id: `${base}-order` })
  const status = h('p', { class: 'cp-sr-only', 'aria-live': 'polite', role: 'status' })
  const rows = new Map<number, { li: HTMLLIElement; up: HTMLButtonElement; down: HTMLButtonElement }>()
  let locked = false
  const current = (): number[] => Array.from(list.children, (li) => Number(li.getAttribute('data-item')))
  const refresh = (): void => {
    const items = current()
    items.forEach((item, position) => {
      const row = rows.get(item)!
      const stuckUp = locked || position === 0
      const stuckDown = locked || position === items.length - 1
      row.up.setAttribute('aria-disabled', String(stuckUp))
      row.down.setAttribute('aria-disabled', String(stuckDown))
    })
  }
  const move = (item: number, delta: -1 | 1, button: HTMLButtonElement): void => {
    if (locked) return
    const items = current()
    const from = items.indexOf(item)
    const to = from + delta
    if (to < 0 || to >= items.length) return
    const row = rows.get(item)!.li
    const other = list.children[to]!
    if (delta < 0) list.insertBefore(row, other)
    else list.insertBefore(other, row)
    refresh()
    button.focus()
    status.textContent = t.movedTo(question.items[item]!, to + 1, items.length)
  }
  for (const item of start) {
    const text = question.items[item]!
    const textId = `${base}-item-${item}`
    const up = h('button', { type: 'button', class: 'cp-button cp-secondary cp-move', 'aria-label': t.moveUp(text) }, '↑')
    const down = h('button', { type: 'button', class: 'cp-button cp-secondary cp-move', 'aria-label': t.moveDown(text) }, '↓')
    up.addEventListener('click', () => move(item, -1, up))
    down.addEventListener('click', () => move(item, 1, down))
    const li = h('li', { class: 'cp-order-item', 'data-item': item }, h('span', { id: textId, class: 'cp-order-text' }, text), h('span', { class: 'cp-order-moves' }, up, down))
    rows.set(item, { li, up, down })
    list.appendChild(li)
  }
  const arrange = (items: readonly number[]): void => {
    for (const item of items) { const row = rows.get(item); if (row) list.appendChild(row.li) }
    refresh()
  }
  refresh()
  return {
    el: h('div', { class: 'cp-ordering' }, h('p', { class: 'cp-order-hint' }, t.orderHint), list, status),
    read: () => current(),
    write: (r) => { if (Array.isArray(r)) arrange(r) },
    setLocked: (value) => { locked = value; refresh() },
    reset: () => arrange(start),
    focus: () => rows.get(current()[0]!)?.down.focus(),
  }
}

/** The author's text without a verdict word the player has just said ("Correct. For adults…" after "Correct."). */
export function withoutVerdict(text: string, verdict: string): string {
  const word = verdict.replace(/[.!]+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const rest = text.replace(new RegExp(`^\\s*[¡!]?${word}(?=$|[\\s.!:;,—–-])[\\s.!:;,—–-]*`, 'i'), '')
  return rest === '' ? '' : rest.charAt(0).toUpperCase() + rest.slice(1)
}

/** The right answer in words, for a question whose parts carry no marks of their own. */
function rightAnswerText(question: PlayerQuestion): string | undefined {
  if (question.type === 'fill-in') return question.answers[0]
  if (question.type === 'matching') return question.pairs.map((p) => `${p.left} → ${p.right}`).join('; ')
  if (question.type === 'ordering') return question.items.map((item, i) => `${i + 1}. ${item}`).join('; ')
  return undefined
}

function showFeedback(el: HTMLElement, question: PlayerQuestion, answer: Answer, t: Strings, showAnswers: boolean): void {
  clear(el)
  el.className = `cp-feedback ${answer.correct ? 'cp-correct' : 'cp-incorrect'}`
  const verdict = answer.correct ? t.correct : t.incorrect
  el.appendChild(h('p', { class: 'cp-verdict' }, verdict)) // theme.css adds its sign
  const said = new Set<string>()
  const say = (text: string | undefined, cls?: string): void => {
    const plain = text ? withoutVerdict(text, verdict) : ''
    if (!plain || said.has(plain)) return // each thing once, never the verdict twice
    said.add(plain)
    el.appendChild(h('p', cls ? { class: cls } : {}, plain))
  }
  const right = !answer.correct && showAnswers ? rightAnswerText(question) : undefined
  if (right) say(t.correctAnswerIs(right), 'cp-right-answer')
  say(answer.correct ? question.feedback?.correct : question.feedback?.incorrect)
  if ((question.type === 'single' || question.type === 'multiple') && Array.isArray(answer.response)) {
    for (const i of answer.response) say(question.choices[i]?.feedback, 'cp-choice-feedback')
  }
}
