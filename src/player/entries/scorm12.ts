import { start } from '../main.js'
import { createScorm12Adapter } from '../tracking/scorm12.js'
start(createScorm12Adapter(window))
