// The one ISO 8601 duration writer: SCORM 2004's session_time and latency, xAPI and cmi5 result.duration.

/**
 * PT[nH][nM][n[.nn]S]: no weeks or days, a fraction only on seconds and at most 2 decimals. That is
 * what Moodle's 2004 timeinterval check accepts (`PT1.234S` is refused) and what an LRS keeps (xAPI
 * lets it truncate to 0.01 s). Negative or not-a-number spans are PT0S.
 */
export function isoDuration(ms: number): string {
  const centis = Math.max(0, Math.round((Number.isFinite(ms) ? ms : 0) / 10))
  const hours = Math.floor(centis / 360_000)
  const minutes = Math.floor((centis % 360_000) / 6000)
  const seconds = (centis % 6000) / 100
  let text = 'PT'
  if (hours > 0) text += `${hours}H`
  if (minutes > 0) text += `${minutes}M`
  if (seconds > 0 || (hours === 0 && minutes === 0)) text += `${seconds.toFixed(2).replace(/\.?0+$/, '')}S`
  return text
}
