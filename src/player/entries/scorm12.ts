import { start } from '../main'
import { createScorm12Adapter } from '../tracking/scorm12'
start(createScorm12Adapter(window))
