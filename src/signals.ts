// Ctrl-C and kill while a command works: the shell's exit codes for death by a signal (128 + N), and
// one way for a command to react to them for as long as its work runs.

export const SIGNAL_EXITS = { SIGINT: 130, SIGTERM: 143 } as const
export type ExitSignal = keyof typeof SIGNAL_EXITS

/** Calls `handler` on SIGINT or SIGTERM until the returned function is called. */
export function onExitSignals(handler: (signal: ExitSignal) => void): () => void {
  const listeners = (Object.keys(SIGNAL_EXITS) as ExitSignal[]).map((signal) => {
    const listener = () => handler(signal)
    process.on(signal, listener)
    return () => process.off(signal, listener)
  })
  return () => { for (const off of listeners) off() }
}
