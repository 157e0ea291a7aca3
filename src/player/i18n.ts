// Interface strings, chosen by the course language's primary subtag; English when we have no translation.
// Button names are exact: browser tests find controls by them.

export interface Strings {
  next: string
  previous: string
  submit: string
  tryAgain: string
  retry: string
  exit: string
  true: string
  false: string
  contents: string // the table of contents landmark and its toggle button
  skipToContent: string
  results: string // title of the results page
  seen: string // description of a seen page's link in the contents
  correct: string
  incorrect: string
  practice: string
  chooseFirst: string
  typeFirst: string
  yourAnswer: string
  pageOf: (current: number, total: number) => string
  notSaved: string
  notSavedRefused: string // the LMS is there but refuses to keep progress
  notRecorded: string // results page: the LMS did not take the result
  reviewing: string // banner when the LMS opens a finished attempt for review
  browsing: string // banner when the LMS opens the course in browse mode
  newAttempt: string // how to start a new attempt, in any LMS
  score: (formatted: string) => string
  passingScore: (formatted: string) => string
  passed: string
  failed: string
  completed: string
  incomplete: string
  pagesLeft: (count: number) => string
  answerAllForScore: string
  missedHeading: string
  unansweredHeading: string
  inModule: (module: string) => string
  retryHint: string
  exitHint: string
  closed: string
  noCourse: string
  // ---- the learner's course (issue 11): start page, review, retry, results, certificate, progress ----
  start: string // the start page's button on a first launch
  continue: string // the start page's button when resuming
  aboutCourse: string // the contents' link back to the start page
  leftOff: (page: string) => string
  leftOffResults: string
  durationLabel: string
  organizationLabel: string
  modulesHeading: string
  objectivesHeading: string
  yourChoiceRight: string // a choice's mark after Submit: the learner chose it and it is right
  yourChoiceWrong: string
  rightChoice: string // a right choice the learner did not choose
  correctAnswerIs: (answer: string) => string // fill-in: the answer expected
  retryMissedHint: string // retry keeps right answers
  toAnswerAgain: (count: number) => string
  learnerLabel: string
  dateLabel: string
  nextCertificate: string
  nextRetry: string
  nextRetryAll: string
  nextAnswer: string
  nextDone: string
  print: string
  viewCertificate: string
  certificateTitle: string
  certifies: string
  hasCompleted: string
  completedOn: (date: string) => string
  scoreLabel: string
  verificationLabel: string
  printCertificate: string
  backToResults: string
  namePrompt: string
  nameSave: string
  nameNeeded: string
  courseProgress: string
  progressSummary: (seen: number, pages: number, answered: number, questions: number, percent: string) => string
  notStarted: string
  inProgress: string
  done: string
  // Matching, ordering and attempt limits (issue 14)
  matchFirst: string // a matching question submitted with a left item unmatched
  choosePlaceholder: string // the empty first option of each matching select list
  orderHint: string
  moveUp: (item: string) => string // accessible names of the move buttons
  moveDown: (item: string) => string
  movedTo: (item: string, position: number, total: number) => string // announced after a move
  attemptsLeft: (count: number) => string // results page, after a failed attempt with retries left
  noAttemptsLeft: string // results page, when the attempt limit is reached
  newTab: string // description of links that open in a new tab (course files, web pages)
  table: string // name of the region a wide table scrolls in
}

const en: Strings = {
  next: 'Next',
  previous: 'Previous',
  submit: 'Submit',
  tryAgain: 'Try again',
  retry: 'Retry',
  exit: 'Exit',
  true: 'True',
  false: 'False',
  contents: 'Contents',
  skipToContent: 'Skip to content',
  results: 'Results',
  seen: 'Seen',
  correct: 'Correct.',
  incorrect: 'Incorrect.',
  practice: 'Practice question: it does not count towards your score.',
  chooseFirst: 'Choose an answer first.',
  typeFirst: 'Type an answer first.',
  yourAnswer: 'Your answer',
  pageOf: (c, t) => `Page ${c} of ${t}`,
  notSaved: 'Your progress is not being saved: this course was opened outside a learning platform. You can still read the whole course.',
  notSavedRefused: 'Your progress is not being saved: the learning platform did not accept it. You can go on with the course, but your answers and result may be lost.',
  notRecorded: 'Your learning platform did not record this result.',
  reviewing: 'You are reviewing a finished attempt: your results are shown as your learning platform holds them, and nothing you do now is recorded.',
  browsing: 'You are browsing this course: nothing you do now is recorded.',
  newAttempt: 'To take the course again, start a new attempt from this activity\'s page on your learning platform.',
  score: (s) => `Your score: ${s}%`,
  passingScore: (s) => `Passing score: ${s}%`,
  passed: 'You passed.',
  failed: 'You did not reach the passing score.',
  completed: 'You have completed this course.',
  incomplete: 'Not complete yet.',
  pagesLeft: (n) => (n === 1 ? '1 page not seen yet.' : `${n} pages not seen yet.`),
  answerAllForScore: 'Answer every graded question to get your score.',
  missedHeading: 'Questions answered incorrectly',
  unansweredHeading: 'Questions not answered yet',
  inModule: (m) => `in ${m}`,
  retryHint: 'Retry clears your graded answers so you can answer them again.',
  exitHint: 'When you have finished, select Exit to save and end this session.',
  closed: 'Your session has ended. You can now close this window.',
  noCourse: 'This course could not be loaded: the file course.js is missing or damaged.',
  start: 'Start',
  continue: 'Continue',
  aboutCourse: 'About this course',
  leftOff: (p) => `You left off at “${p}”.`,
  leftOffResults: 'You left off at the results page.',
  durationLabel: 'Duration',
  organizationLabel: 'Offered by',
  modulesHeading: 'Modules',
  objectivesHeading: 'Objectives',
  yourChoiceRight: '✓ Your answer: correct',
  yourChoiceWrong: '✗ Your answer: incorrect',
  rightChoice: '✓ Correct answer',
  correctAnswerIs: (a) => `Correct answer: ${a}`,
  retryMissedHint: 'Retry clears only the answers you got wrong; your right answers are kept.',
  toAnswerAgain: (n) => (n === 1 ? '1 question left to answer.' : `${n} questions left to answer.`),
  learnerLabel: 'Learner',
  dateLabel: 'Date',
  nextCertificate: 'Your certificate of achievement is ready: select View certificate to see it, print it or save it as a PDF.',
  nextRetry: 'Select Retry to answer again the questions you got wrong, listed below.',
  nextRetryAll: 'Select Retry to answer every graded question again.',
  nextAnswer: 'Answer the questions listed below to get your score.',
  nextDone: 'You have finished this course.',
  print: 'Print',
  viewCertificate: 'View certificate',
  certificateTitle: 'Certificate of achievement',
  certifies: 'This certifies that',
  hasCompleted: 'has successfully completed the course',
  completedOn: (d) => `Completed on ${d}`,
  scoreLabel: 'Score',
  verificationLabel: 'Verification code',
  printCertificate: 'Print certificate',
  backToResults: 'Back to results',
  namePrompt: 'Your full name, as it should appear on the certificate',
  nameSave: 'Show certificate',
  nameNeeded: 'Type your name first.',
  courseProgress: 'Course progress',
  progressSummary: (s, p, a, q, pct) => `${s} of ${p} pages seen${q > 0 ? `, ${a} of ${q} questions answered` : ''}: ${pct}% done`,
  notStarted: 'Not started',
  inProgress: 'In progress',
  done: 'Done',
  matchFirst: 'Match every item first.',
  choosePlaceholder: 'Choose…',
  orderHint: 'Put the items in order with the Move up and Move down buttons.',
  moveUp: (item) => `Move up: ${item}`,
  moveDown: (item) => `Move down: ${item}`,
  movedTo: (item, p, n) => `${item}: now ${p} of ${n}.`,
  attemptsLeft: (n) => (n === 1 ? 'You have 1 attempt left.' : `You have ${n} attempts left.`),
  noAttemptsLeft: 'You have used all your attempts, so you cannot retry. Contact your instructor if you need another attempt.',
  newTab: 'Opens in a new tab',
  table: 'Table',
}

const es: Strings = {
  next: 'Siguiente',
  previous: 'Anterior',
  submit: 'Enviar',
  tryAgain: 'Intentar de nuevo',
  retry: 'Reintentar',
  exit: 'Salir',
  true: 'Verdadero',
  false: 'Falso',
  contents: 'Contenido',
  skipToContent: 'Saltar al contenido',
  results: 'Resultados',
  seen: 'Vista',
  correct: 'Correcto.',
  incorrect: 'Incorrecto.',
  practice: 'Pregunta de práctica: no cuenta para su calificación.',
  chooseFirst: 'Elija una respuesta primero.',
  typeFirst: 'Escriba una respuesta primero.',
  yourAnswer: 'Su respuesta',
  pageOf: (c, t) => `Página ${c} de ${t}`,
  notSaved: 'Su progreso no se está guardando: este curso se abrió fuera de una plataforma de aprendizaje. Aun así puede leer todo el curso.',
  notSavedRefused: 'Su progreso no se está guardando: la plataforma de aprendizaje no lo aceptó. Puede continuar con el curso, pero sus respuestas y su resultado podrían perderse.',
  notRecorded: 'Su plataforma de aprendizaje no registró este resultado.',
  reviewing: 'Está revisando un intento terminado: sus resultados se muestran tal como los tiene su plataforma de aprendizaje, y nada de lo que haga ahora se registra.',
  browsing: 'Está explorando este curso: nada de lo que haga ahora se registra.',
  newAttempt: 'Para hacer el curso de nuevo, comience un nuevo intento desde la página de esta actividad en su plataforma de aprendizaje.',
  score: (s) => `Su calificación: ${s} %`,
  passingScore: (s) => `Calificación para aprobar: ${s} %`,
  passed: 'Ha aprobado.',
  failed: 'No ha alcanzado la calificación para aprobar.',
  completed: 'Ha completado este curso.',
  incomplete: 'Todavía no está completo.',
  pagesLeft: (n) => (n === 1 ? 'Queda 1 página por ver.' : `Quedan ${n} páginas por ver.`),
  answerAllForScore: 'Responda todas las preguntas calificadas para obtener su calificación.',
  missedHeading: 'Preguntas respondidas incorrectamente',
  unansweredHeading: 'Preguntas sin responder',
  inModule: (m) => `en ${m}`,
  retryHint: 'Reintentar borra sus respuestas calificadas para que pueda responderlas de nuevo.',
  exitHint: 'Cuando haya terminado, seleccione Salir para guardar y cerrar esta sesión.',
  closed: 'Su sesión ha terminado. Ya puede cerrar esta ventana.',
  noCourse: 'No se pudo cargar este curso: falta el archivo course.js o está dañado.',
  start: 'Comenzar',
  continue: 'Continuar',
  aboutCourse: 'Acerca del curso',
  leftOff: (p) => `Se quedó en «${p}».`,
  leftOffResults: 'Se quedó en la página de resultados.',
  durationLabel: 'Duración',
  organizationLabel: 'Ofrecido por',
  modulesHeading: 'Módulos',
  objectivesHeading: 'Objetivos',
  yourChoiceRight: '✓ Su respuesta: correcta',
  yourChoiceWrong: '✗ Su respuesta: incorrecta',
  rightChoice: '✓ Respuesta correcta',
  correctAnswerIs: (a) => `Respuesta correcta: ${a}`,
  retryMissedHint: 'Reintentar borra solo las respuestas incorrectas; sus respuestas correctas se conservan.',
  toAnswerAgain: (n) => (n === 1 ? 'Queda 1 pregunta por responder.' : `Quedan ${n} preguntas por responder.`),
  learnerLabel: 'Participante',
  dateLabel: 'Fecha',
  nextCertificate: 'Su certificado de aprovechamiento está listo: seleccione Ver certificado para verlo, imprimirlo o guardarlo como PDF.',
  nextRetry: 'Seleccione Reintentar para responder de nuevo las preguntas que falló, que se enumeran abajo.',
  nextRetryAll: 'Seleccione Reintentar para responder de nuevo todas las preguntas calificadas.',
  nextAnswer: 'Responda las preguntas que se enumeran abajo para obtener su calificación.',
  nextDone: 'Ha terminado este curso.',
  print: 'Imprimir',
  viewCertificate: 'Ver certificado',
  certificateTitle: 'Certificado de aprovechamiento',
  certifies: 'Se certifica que',
  hasCompleted: 'ha completado con éxito el curso',
  completedOn: (d) => `Completado el ${d}`,
  scoreLabel: 'Calificación',
  verificationLabel: 'Código de verificación',
  printCertificate: 'Imprimir certificado',
  backToResults: 'Volver a los resultados',
  namePrompt: 'Su nombre completo, tal como debe figurar en el certificado',
  nameSave: 'Mostrar certificado',
  nameNeeded: 'Escriba primero su nombre.',
  courseProgress: 'Progreso del curso',
  progressSummary: (s, p, a, q, pct) => `${s} de ${p} páginas vistas${q > 0 ? `, ${a} de ${q} preguntas respondidas` : ''}: ${pct} % hecho`,
  notStarted: 'Sin empezar',
  inProgress: 'En curso',
  done: 'Terminado',
  matchFirst: 'Relacione todos los elementos primero.',
  choosePlaceholder: 'Elija…',
  orderHint: 'Ordene los elementos con los botones Subir y Bajar.',
  moveUp: (item) => `Subir: ${item}`,
  moveDown: (item) => `Bajar: ${item}`,
  movedTo: (item, p, n) => `${item}: ahora ${p} de ${n}.`,
  attemptsLeft: (n) => (n === 1 ? 'Le queda 1 intento.' : `Le quedan ${n} intentos.`),
  noAttemptsLeft: 'Ha agotado sus intentos, así que no puede reintentar. Consulte con su instructor si necesita otro intento.',
  newTab: 'Se abre en una pestaña nueva',
  table: 'Tabla',
}

const catalogue: Record<string, Strings> = { en, es }

export const supportedLanguages = Object.keys(catalogue).sort()

/** Strings for a BCP 47 tag ("es-MX" → Spanish); English for anything we do not translate. */
export function stringsFor(language: string | undefined): Strings {
  const primary = (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? ''
  return Object.prototype.hasOwnProperty.call(catalogue, primary) ? catalogue[primary]! : en
}

/** A date (local YYYY-MM-DD) as the learner reads it: "30 November 2026", "30 de noviembre de 2026". */
export function formatDate(isoDate: string, language: string): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  try {
    return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(y!, m! - 1, d!))
  } catch {
    return isoDate
  }
}

/**
 * An ISO 8601 duration as words: PT4H → "4 hours" / "4 horas", PT1H30M → "1 hour, 30 minutes".
 * Units come from Intl (unit style), so every language the browser knows reads right.
 */
export function formatDuration(iso: string, language: string): string {
  const m = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(iso)
  if (!m) return iso
  const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second']
  const parts: string[] = []
  units.forEach((unit, i) => {
    const value = m[i + 1] ? Number(m[i + 1]!.replace(',', '.')) : 0
    if (value <= 0) return
    try {
      parts.push(new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 2 }).format(value))
    } catch {
      parts.push(`${value} ${unit}${value === 1 ? '' : 's'}`)
    }
  })
  if (parts.length === 0) return iso
  const List = (Intl as unknown as { ListFormat?: new (l: string, o: object) => { format(items: string[]): string } }).ListFormat
  try {
    return List ? new List(language, { type: 'unit', style: 'long' }).format(parts) : parts.join(' ')
  } catch {
    return parts.join(' ')
  }
}

/** Numbers as the learner reads them: "87.5" in English, "87,5" in Spanish. */
export function formatNumber(n: number, language: string): string {
  try {
    return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(n)
  } catch {
    return String(n)
  }
}
