import { start } from '../main.js'
import { createXapiAdapter } from '../tracking/xapi.js'
start(createXapiAdapter(window))
