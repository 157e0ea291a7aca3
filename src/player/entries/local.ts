import { start } from '../main.js'
import { createLocalAdapter } from '../tracking/local.js'
start(createLocalAdapter(window))
