import { start } from '../main'
import { createLocalAdapter } from '../tracking/local'
start(createLocalAdapter(window))
