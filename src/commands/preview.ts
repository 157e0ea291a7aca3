import { spawn } from 'node:child_process'
import { startPreview } from '../lab/preview.js'
import { targets, type TargetName } from '../targets/index.js'
import { EXIT_COURSE_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from '../io.js'
import { courseFolder, describeSystemError, printDiagnostics } from './report.js'
import { SIGNAL_EXITS } from '../signals.js'

// A second Ctrl-C: the shell's code for death by SIGINT.
const EXIT_INTERRUPTED = SIGNAL_EXITS.SIGINT

export interface PreviewCommandOptions { target: TargetName; port?: string; host?: string; open?: boolean }

/** Opens a URL in the user's browser; a machine without one just keeps the printed address. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch { /* no opener: the address is printed */ }
}

/**
 * Serves the course in the local LMS page until Ctrl-C (or `stop` aborts): 0 when stopped, 1 when
 * the server could not start, 2 for a bad option.
 */
export async function previewCommand(dir: string, options: PreviewCommandOptions, io: Io, stop?: AbortSignal): Promise<number> {
  const target = options.target
  const port = options.port === undefined ? 0 : Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a number from 0 to 65535 (0: any free port), not "${options.port}"\n`)
    return EXIT_USAGE
  }
  const host = options.host ?? '127.0.0.1'
  const folder = await courseFolder(dir, io.cwd)
  if ('error' in folder) {
    io.err(folder.error + '\n')
    return EXIT_USAGE
  }
  const { dir: courseDir, shown: base } = folder

  // Ctrl-C, kill and a closed terminal stop the preview the same way, from the start: a signal during
  // the first build stops it as soon as it is up. The handlers stay until the preview is closed; a
  // second signal while a stuck build holds close() up exits at once, and the preview's exit hook
  // still removes its temporary folder (the default action would kill the process and leave it).
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  let stopping = false
  let stopped = (): void => undefined
  const onSignal = () => {
    if (stopping) process.exit(EXIT_INTERRUPTED)
    stopping = true
    stopped()
  }
  for (const signal of signals) process.on(signal, onSignal)
  try {
    return await serve()
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
  }

  async function serve(): Promise<number> {
    let preview
    try {
      preview = await startPreview(courseDir, {
        target, host, port, shownDir: base,
        onBuild: (b) => {
          if (!b.ok) {
            if (b.error) io.err(`${base}: ${b.error}\n`)
            printDiagnostics(b.diagnostics, base, io)
            io.err(`Build ${b.number} failed: the page shows the errors until the sources are fixed.\n`)
          } else {
            const warnings = b.diagnostics.length
            io.out(`${b.number === 1 ? 'Built' : 'Rebuilt'} ${b.title} for ${targets[target].title} in ${b.ms} ms${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`)
            if (warnings) printDiagnostics(b.diagnostics, base, io)
          }
        },
      })
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      if (e?.code === 'EADDRINUSE') io.err(`Port ${port} is in use: choose another with --port, or leave it out to take any free port.\n`)
      else if (e?.code === 'EADDRNOTAVAIL' || e?.code === 'ENOTFOUND') io.err(`Cannot listen on ${host}: no such address on this machine.\n`)
      else {
        const reason = describeSystemError(error, io.cwd)
        if (!reason) throw error
        io.err(`Preview failed: ${reason}.\n`)
      }
      return EXIT_COURSE_ERRORS
    }
    if (!stopping && !stop?.aborted) {
      io.out(`Preview of ${base} (${targets[target].title}) at ${preview.url}\n`)
      if (!['127.0.0.1', 'localhost', '::1'].includes(host)) io.err(`Listening on ${host}: other machines that reach it can open the preview.\n`)
      io.out('Rebuilds when a source file changes. Press Ctrl-C to stop.\n')
      if (options.open) openBrowser(preview.url)
      await new Promise<void>((done) => {
        stopped = done
        if (stop?.aborted) done()
        else stop?.addEventListener('abort', () => done(), { once: true })
      })
    }
    await preview.close()
    io.out('Preview stopped.\n')
    return EXIT_OK
  }
}
