import type { Io } from '../../src/io.js'

export interface CapturedIo extends Io { stdout: string; stderr: string }

/** An Io that keeps what a command prints, so the CLI runs in-process in tests. */
export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const io: CapturedIo = {
    stdout: '', stderr: '', cwd, env,
    out: (text) => { io.stdout += text },
    err: (text) => { io.stderr += text },
  }
  return io
}
