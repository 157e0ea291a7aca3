// The SCORM run-time API as an LMS offers it, per version (SPEC-NOTES §2.2, §3.4): the window
// property content looks for and its method names. The player finds and calls the LMS's API by it,
// the lab page builds its recorded facade from it, and the lab server and check read call reports by
// it. Pure data, one const per version, so a player bundle carries its own version's names only.
export interface ScormApiNames {
  /** The property of the LMS window that holds the API object. */
  object: 'API' | 'API_1484_11'
  initialize: string
  terminate: string
  getValue: string
  setValue: string
  commit: string
  getLastError: string
  getErrorString: string
  getDiagnostic: string
}

export const SCORM12_API = {
  object: 'API', initialize: 'LMSInitialize', terminate: 'LMSFinish', getValue: 'LMSGetValue', setValue: 'LMSSetValue', commit: 'LMSCommit',
  getLastError: 'LMSGetLastError', getErrorString: 'LMSGetErrorString', getDiagnostic: 'LMSGetDiagnostic',
} as const satisfies ScormApiNames

export const SCORM2004_API = {
  object: 'API_1484_11', initialize: 'Initialize', terminate: 'Terminate', getValue: 'GetValue', setValue: 'SetValue', commit: 'Commit',
  getLastError: 'GetLastError', getErrorString: 'GetErrorString', getDiagnostic: 'GetDiagnostic',
} as const satisfies ScormApiNames

export const SCORM_API = { scorm12: SCORM12_API, scorm2004: SCORM2004_API } as const

/** The two SCORM versions: the lab runs both on scorm-again's API object. */
export type ScormVersion = keyof typeof SCORM_API

export const isScormVersion = (name: string): name is ScormVersion => Object.prototype.hasOwnProperty.call(SCORM_API, name)

/** One method's name in every version: e.g. both SetValue spellings, to read a call report of either. */
export const everyVersion = (method: keyof ScormApiNames): Set<string> => new Set(Object.values(SCORM_API).map((names: ScormApiNames) => names[method]))
