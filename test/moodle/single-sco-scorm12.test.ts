import { singleScoSuite } from './single-sco.js'

singleScoSuite('scorm12')
