// "Did you mean": the one function every stage uses to suggest a known key, value or file name.

/**
 * The candidate the author most likely meant, or undefined when none is close enough: a case-only
 * difference first, then the smallest edit distance (about one edit per three letters), then a
 * candidate the word starts with or that starts with the word (`lang` → language, `single-choice` → single).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  const sameLetters = candidates.find((c) => c !== word && c.toLowerCase() === lower)
  if (sameLetters) return sameLetters
  let best: string | undefined
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  if (best !== undefined) return best
  // A shortened or lengthened name: the longest shared start wins; three letters at least, so `a` suggests nothing.
  let bestShared = 2
  for (const c of candidates) {
    const other = c.toLowerCase()
    const [short, long] = other.length < lower.length ? [other, lower] : [lower, other]
    if (long.startsWith(short) && short.length > bestShared) [best, bestShared] = [c, short.length]
  }
  return best
}

/** Edits to turn a into b: insertions, deletions, substitutions and swaps of two neighbours (`titel` → title is one). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
    }
  }
  return d[a.length]![b.length]!
}
