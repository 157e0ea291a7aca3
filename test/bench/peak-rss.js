// Preloaded with `node --import` by the benchmark: reports this process's peak resident memory
// (getrusage maxRSS, in KiB) on a file descriptor the benchmark reads, without touching the tool.
import { writeSync } from 'node:fs'

const fd = Number(process.env.COURSEPACK_BENCH_RSS_FD ?? '3')
process.on('exit', () => {
  try { writeSync(fd, `${process.resourceUsage().maxRSS}\n`) } catch { /* not run by the benchmark */ }
})
