import { start } from '../main.js'
import { createScorm2004Adapter } from '../tracking/scorm2004.js'
// The module order decides which finished module SCO asks the LMS to continue; course.js loads first.
const modules = window.__COURSEPACK__?.modules
start(createScorm2004Adapter(window, { moduleIds: Array.isArray(modules) ? modules.map((m) => m.id) : [] }))
