import { start } from '../main.js'
import { createXapiAdapter } from '../tracking/xapi.js'
// course.js loads first: it names the course's and modules' activities as tincan.xml does.
const activities = window.__COURSEPACK__?.activities
start(createXapiAdapter(window, activities ? { activities } : {}))
