import { singleScoSuite } from './single-sco.js'

singleScoSuite('scorm2004')
