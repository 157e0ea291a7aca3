import { ensureMoodle, moodleAvailable } from './site.js'

// Once per run: a Moodle answering on loopback (installed, restored or reused; see site.ts).
export default async function setup(): Promise<void> {
  if (!moodleAvailable()) throw new Error('the Moodle suite needs root and ../shared/moodle (moodle.sh, moodle-5.1.tar.xz)')
  const started = Date.now()
  const did = await ensureMoodle()
  process.stderr.write(`moodle: ${did} (${Math.round((Date.now() - started) / 1000)} s)\n`)
}
