// The inspection as a person reads it (what the package is, its structure, then its problems) and as
// --json prints it, in the style of the other commands: `ok`, the facts, `problems` with `text`.
import { formatProblem } from './problems.js'
import type { Inspection } from './index.js'

const MAX_ITEMS_SHOWN = 30

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function formatInspection(i: Inspection): string {
  const lines: string[] = []
  const made = i.course ? `, made by coursepack (${i.course.id} ${i.course.version})` : i.madeBy ? `, made by ${i.madeBy}` : ''
  lines.push(`${i.file}: ${i.refused ? 'refused, nothing unpacked' : i.standard}${i.refused ? '' : made}`)
  if (i.title) lines.push(`  title: ${i.title}`)
  const ids = [i.identifier && `identifier ${i.identifier}`, i.version && `version ${i.version}`].filter(Boolean)
  if (ids.length) lines.push(`  ${ids.join(', ')}`)
  if (i.course) lines.push(`  course: ${plural(i.course.pages, 'page')}, ${plural(i.course.questions, 'question')}`)
  for (const org of i.organizations) {
    lines.push(`  organization ${org.identifier}${org.default ? ' (default)' : ''}: ${org.title || '(no title)'}`)
    for (const item of org.items.slice(0, MAX_ITEMS_SHOWN)) {
      const bits = [[item.type?.toUpperCase(), item.launch && `→ ${item.launch}`].filter(Boolean).join(' '), item.masteryScore !== undefined && `mastery ${item.masteryScore}`,
        item.completionThreshold !== undefined && `completion threshold ${item.completionThreshold}`, item.hidden && 'hidden'].filter(Boolean)
      lines.push(`    ${'  '.repeat(item.depth)}- ${item.identifier} ${item.title ? `“${item.title}”` : ''}${bits.length ? ` ${bits.join(', ')}` : ''}`.replace(/\s+$/, ''))
    }
    if (org.items.length > MAX_ITEMS_SHOWN) lines.push(`      … and ${org.items.length - MAX_ITEMS_SHOWN} more items (see --json)`)
  }
  if (i.organizations.length === 0) {
    for (const l of i.launches) {
      const bits = [l.masteryScore !== undefined && `mastery ${l.masteryScore}`, l.moveOn && `moveOn ${l.moveOn}`].filter(Boolean)
      lines.push(`  ${l.type} ${l.id}${l.title && l.title !== l.id ? ` “${l.title}”` : ''} → ${l.href}${bits.length ? `, ${bits.join(', ')}` : ''}`)
    }
  } else if (i.launches.length) lines.push(`  launches: ${plural(i.launches.length, 'item')}`)
  if (i.sequencing.length) lines.push(`  sequencing: ${i.sequencing.join('; ')}`)
  if (i.files.count) {
    const largest = i.files.largest.map((f) => `${f.path} ${formatBytes(f.bytes)}`).join(', ')
    lines.push(`  files: ${i.files.count}, ${formatBytes(i.files.bytes)} unpacked (${formatBytes(i.files.compressedBytes)} compressed); largest: ${largest}`)
  }
  for (const p of i.problems) lines.push(`  ${formatProblem(p)}`)
  const errors = i.problems.filter((p) => p.severity === 'error').length
  const warnings = i.problems.length - errors
  if (i.ok && warnings === 0) lines.push('OK: no problems found.')
  else if (i.ok) lines.push(`OK with ${plural(warnings, 'warning')}.`)
  else lines.push(`FAILED: this package will not work (${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}).`)
  return lines.join('\n') + '\n'
}

export function inspectionJson(i: Inspection): string {
  return JSON.stringify({ ...i, problems: i.problems.map((p) => ({ ...p, text: formatProblem(p) })) }, null, 2) + '\n'
}
