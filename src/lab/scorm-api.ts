// The SCORM run-time API as an LMS offers it, per version (SPEC-NOTES §2.2, §3.4): the window
// property content looks for and its method names. The lab page builds its recorded facade from
// this and the lab server reads the page's call reports by it. Pure data: the page bundles it too.
export interface ScormApiNames {
  /** The property of the LMS window that holds the API object. */
  global: 'API' | 'API_1484_11'
  init: string
  finish: string
  get: string
  set: string
  commit: string
  lastError: string
  errorString: string
  diagnostic: string
}

export const SCORM_API = {
  scorm12: {
    global: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
    lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic',
  },
  scorm2004: {
    global: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
    lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic',
  },
} as const satisfies Record<string, ScormApiNames>

/** The two SCORM versions: the lab runs both on scorm-again's API object. */
export type ScormVersion = keyof typeof SCORM_API

export const isScormVersion = (name: string): name is ScormVersion => Object.prototype.hasOwnProperty.call(SCORM_API, name)

/** One method's name in every version: e.g. both SetValue spellings, to read a call report of either. */
export const everyVersion = (method: keyof ScormApiNames): Set<string> => new Set(Object.values(SCORM_API).map((names: ScormApiNames) => names[method]))
