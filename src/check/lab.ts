// The lab's contract (src/lab/server.ts): the LMS page `check` runs packages in.
// TEMPORARY copy of the types until the lab lands; then this re-exports them.
export type LabTarget = 'scorm12' | 'scorm2004' | 'xapi' | 'cmi5' | 'web'
export interface LabPackage { dir: string; target: LabTarget; launch: string }
export interface LabOptions { host?: string; port?: number }
export interface LabCall { method: string; args: string[]; result: string; error: string }
export interface LabProblem { severity: 'error' | 'warning'; message: string; session: number; call?: number }
export interface LabSession { initialized: boolean; finished: boolean; calls: LabCall[] }
export interface LabLog { target: LabTarget; attempt: number; sessions: LabSession[]; problems: LabProblem[]; data: Record<string, unknown>; statements: Record<string, unknown>[] }
export interface Lab {
  url: string
  setPackage(pkg: LabPackage): void
  setError(text: string): void
  log(): LabLog
  close(): Promise<void>
}
