import type { Target } from './target.js'

/** The offline site (a DVD, a local server, file://): the common payload is the whole package. */
export const web: Target = {
  name: 'web',
  title: 'Offline web site',
  adapter: 'local',
  launchPages: () => [{ path: 'index.html' }],
  files: () => [],
}
