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

/** Numbers as the learner reads them: "87.5" in English, "87,5" in Spanish. */
export function formatNumber(n: number, language: string): string {
  try {
    return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(n)
  } catch {
    return String(n)
  }
}
