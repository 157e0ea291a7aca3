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

/** `readOnly` (review): the answer, if any, is shown locked and nothing can be submitted or tried again. */
export function renderQuestion(q: ScopeQuestion, answer: Answer | undefined, t: Strings, handlers: QuizHandlers, readOnly = false): HTMLElement {
  const question = q.question
  const base = `cp-q-${question.id}`
  const legendId = `${base}-prompt`
  const form = h('form', { class: 'cp-question', 'data-question': question.id, novalidate: true })
  const fieldset = h('fieldset', {}, h('legend', { id: legendId, class: 'cp-prompt' }, question.prompt))
  if (!q.graded) fieldset.appendChild(h('p', { class: 'cp-practice' }, t.practice))

  const inputs: HTMLInputElement[] = []
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
      const input = h('input', { type: multiple ? 'checkbox' : 'radio', name: base, id, value: String(i) })
      inputs.push(input)
      list.appendChild(h('div', { class: 'cp-choice' }, input, h('label', { for: id }, text)))
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
    showFeedback(feedback, question, a, t)
    if (!q.graded && !readOnly) {
      const again = h('button', { type: 'button', class: 'cp-button cp-secondary cp-try-again' }, t.tryAgain)
      again.addEventListener('click', () => {
        handlers.tryAgain(question.id)
        again.remove()
        clear(feedback)
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

function showFeedback(el: HTMLElement, question: PlayerQuestion, answer: Answer, t: Strings): void {
  clear(el)
  el.className = `cp-feedback ${answer.correct ? 'cp-correct' : 'cp-incorrect'}`
  el.appendChild(h('p', { class: 'cp-verdict' }, answer.correct ? t.correct : t.incorrect))
  const general = answer.correct ? question.feedback?.correct : question.feedback?.incorrect
  if (general) el.appendChild(h('p', {}, general))
  if ((question.type === 'single' || question.type === 'multiple') && Array.isArray(answer.response)) {
    for (const i of answer.response) {
      const text = question.choices[i]?.feedback
      if (text) el.appendChild(h('p', { class: 'cp-choice-feedback' }, text))
    }
  }
}
