import { start } from '../main.js'
import { createCmi5Adapter } from '../tracking/cmi5.js'
start(createCmi5Adapter(window))
