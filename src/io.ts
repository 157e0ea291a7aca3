/** Where a command writes: injected so the CLI runs in-process in tests. */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  cwd: string
  env: NodeJS.ProcessEnv
  /** stderr is a terminal: progress may redraw one line instead of printing many. */
  isTTY?: boolean
}

export const processIo: Io = {
  out: (text) => { process.stdout.write(text) },
  err: (text) => { process.stderr.write(text) },
  get cwd() { return process.cwd() },
  get env() { return process.env },
  get isTTY() { return process.stderr.isTTY === true },
}

export const EXIT_OK = 0
export const EXIT_COURSE_ERRORS = 1
export const EXIT_USAGE = 2
