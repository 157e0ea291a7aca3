// The lab (src/lab/server.ts) is the LMS page `check` runs packages in; these are its contract's types.
export type { Lab, LabCall, LabLog, LabOptions, LabPackage, LabProblem, LabSession } from '../lab/server.js'
