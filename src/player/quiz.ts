// One question as a form: a fieldset whose legend is the prompt, the choices as labelled radios or
// checkboxes (a textbox named by the prompt for fill-in), "Submit", and feedback in a polite live region.
import type { PlayerQuestion } from './data.js'
import type { Strings } from './i18n.js'
import type { Answer, Response, ScopeQuestion } from './progress.js'
import { clear, h } from './dom.js'

export interface QuizHandlers {
  /** Record the answer; null when the response cannot be accepted (the question is locked). */
  submit(questionId: string, response: Response): Answer | null
  /** Practice only: forget the answer so the learner can try again. */
  tryAgain(questionId: string): void
}

/**
 * `readOnly` (review): the answer, if any, is shown locked and nothing can be submitted or tried again.
 * `showAnswers` false (`show_answers: false`): a wrong answer is marked wrong, the right one not shown.
 */
export function renderQuestion(q: ScopeQuestion, answer: Answer | undefined, t: Strings, handlers: QuizHandlers, readOnly = false, showAnswers = true): HTMLElement {
  const question = q.question
  const base = `cp-q-${question.id}`
  const legendId = `${base}-prompt`
  const form = h('form', { class: 'cp-question', 'data-question': question.id, novalidate: true })
  const fieldset = h('fieldset', {}, h('legend', { id: legendId, class: 'cp-prompt' }, question.prompt))
  if (!q.graded) fieldset.appendChild(h('p', { class: 'cp-practice' }, t.practice))

  const inputs: HTMLInputElement[] = []
  const marks: HTMLElement[] = [] // by choice: the verdict on it once answered, in words and a sign, not colour alone
  if (question.type === 'fill-in') {
    const input = h('input', { type: 'text', id: `${base}-text`, class: 'cp-text', 'aria-labelledby': legendId, autocomplete: 'off', spellcheck: 'false', maxlength: 255 })
    inputs.push(input)
    fieldset.appendChild(h('div', { class: 'cp-fill' }, input))
  } else {
    const multiple = question.type === 'multiple'
    const labels = question.type === 'true-false' ? [t.true, t.false] : question.choices.map((c) => c.text)
    const list = h('div', { class: 'cp-choices' })
    labels.forEach((text, i) => {
      const id = `${base}-${i}`
      const input = h('input', { type: multiple ? 'checkbox' : 'radio', name: base, id, value: String(i), 'aria-describedby': `${id}-mark` })
      const mark = h('span', { class: 'cp-mark', id: `${id}-mark` })
      inputs.push(input)
      marks.push(mark)
      list.appendChild(h('div', { class: 'cp-choice' }, input, h('label', { for: id }, text), mark))
    })
    fieldset.appendChild(list)
  }
  const submit = h('button', { type: 'submit', class: 'cp-button cp-submit' }, t.submit)
  const actions = h('div', { class: 'cp-question-actions' }, submit)
  const feedback = h('div', { class: 'cp-feedback', 'aria-live': 'polite', id: `${base}-feedback` })
  fieldset.append(actions, feedback) // inside the group, so "Submit" and the feedback belong to their question
  form.appendChild(fieldset)

  const lock = (a: Answer): void => {
    for (const input of inputs) input.disabled = true
    submit.setAttribute('aria-disabled', 'true') // stays focusable, so focus is not lost to the page
    form.classList.add('cp-answered')
    showFeedback(feedback, question, a, t, showAnswers)
    markChoices(question, marks, inputs, a, t, showAnswers)
    if (!q.graded && !readOnly) {
      const again = h('button', { type: 'button', class: 'cp-button cp-secondary cp-try-again' }, t.tryAgain)
      again.addEventListener('click', () => {
        handlers.tryAgain(question.id)
        again.remove()
        clear(feedback)
        markChoices(question, marks, inputs, null, t, showAnswers)
        for (const input of inputs) { input.disabled = false; input.checked = false; if (input.type === 'text') input.value = '' }
        submit.removeAttribute('aria-disabled')
        form.classList.remove('cp-answered')
        inputs[0]?.focus()
      })
      actions.appendChild(again)
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (readOnly || submit.getAttribute('aria-disabled') === 'true') return
    const response = readResponse(question, inputs)
    const answered = response === null ? null : handlers.submit(question.id, response)
    if (!answered) {
      feedback.textContent = question.type === 'fill-in' ? t.typeFirst : t.chooseFirst
      feedback.className = 'cp-feedback cp-hint'
      return
    }
    lock(answered)
  })

  if (answer) {
    writeResponse(question, inputs, answer.response)
    lock(answer)
  } else if (readOnly) {
    for (const input of inputs) input.disabled = true
    submit.remove()
  }
  return form
}

function readResponse(question: PlayerQuestion, inputs: HTMLInputElement[]): Response {
  if (question.type === 'fill-in') {
    const text = inputs[0]!.value
    return text.trim() === '' ? null : text
  }
  const chosen = inputs.flatMap((input, i) => (input.checked ? [i] : []))
  if (chosen.length === 0) return null
  if (question.type === 'true-false') return chosen[0] === 0
  return chosen
}

function writeResponse(question: PlayerQuestion, inputs: HTMLInputElement[], response: Response): void {
  if (question.type === 'fill-in') inputs[0]!.value = typeof response === 'string' ? response : ''
  else if (question.type === 'true-false') inputs.forEach((input, i) => { input.checked = response === (i === 0) })
  else if (Array.isArray(response)) inputs.forEach((input, i) => { input.checked = response.includes(i) })
}

/** The indices of the right choices (true-false: True is 0, False is 1); none for fill-in. */
function rightChoices(question: PlayerQuestion): number[] {
  if (question.type === 'true-false') return [question.answer ? 0 : 1]
  if (question.type === 'fill-in') return []
  return question.choices.flatMap((c, i) => (c.correct ? [i] : []))
}

/** Marks each choice: chosen and right, chosen and wrong, or right and not chosen (when answers are shown). `null` clears. */
function markChoices(question: PlayerQuestion, marks: HTMLElement[], inputs: HTMLInputElement[], answer: Answer | null, t: Strings, showAnswers: boolean): void {
  const right = new Set(rightChoices(question))
  const showRight = showAnswers || answer?.correct === true
  marks.forEach((mark, i) => {
    const chosen = answer !== null && inputs[i]!.checked
    const kind = answer === null ? '' : chosen ? (right.has(i) ? 'right' : 'wrong') : right.has(i) && showRight ? 'answer' : ''
    mark.className = kind ? `cp-mark cp-mark-${kind}` : 'cp-mark'
    mark.textContent = kind === 'right' ? t.yourChoiceRight : kind === 'wrong' ? t.yourChoiceWrong : kind === 'answer' ? t.rightChoice : ''
  })
}

/** The author's text without a verdict word the player has just said ("Correct. For adults…" after "Correct."). */
export function withoutVerdict(text: string, verdict: string): string {
  const word = verdict.replace(/[.!]+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const rest = text.replace(new RegExp(`^\\s*[¡!]?${word}(?=$|[\\s.!:;,—–-])[\\s.!:;,—–-]*`, 'i'), '')
  return rest === '' ? '' : rest.charAt(0).toUpperCase() + rest.slice(1)
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
  if (question.type === 'fill-in' && !answer.correct && showAnswers && question.answers[0]) say(t.correctAnswerIs(question.answers[0]), 'cp-right-answer')
  say(answer.correct ? question.feedback?.correct : question.feedback?.incorrect)
  if ((question.type === 'single' || question.type === 'multiple') && Array.isArray(answer.response)) {
    for (const i of answer.response) say(question.choices[i]?.feedback, 'cp-choice-feedback')
  }
}
