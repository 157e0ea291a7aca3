// Seeded randomness for banks and shuffles: every draw and every order is a pure function of the
// learner's seed, the attempt and a salt (a question or module id), so resume shows the same thing
// and tests are deterministic. Not for secrets: mulberry32 is fast, small and well mixed, nothing more.

/** 64 characters, none of them a delimiter the suspend data uses (`;` `,` `.` `!`). */
export const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const SEED_LENGTH = 6 // 36 bits: learners of one course practically never share a seed

/** 32-bit FNV-1a; another `basis` than FNV's offset basis gives an independent hash of the same text. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** `length` base-64 characters of `text`'s hash (at most 5: 30 of its 32 bits). */
export function shortHash(text: string, length: number): string {
  let h = fnv1a(text)
  let out = ''
  for (let i = 0; i < length; i++) {
    out += BASE64[h & 63]
    h >>>= 6
  }
  return out
}

/** A new learner seed: crypto randomness where there is some, Math.random otherwise. */
export function newSeed(): string {
  const bytes = new Uint8Array(SEED_LENGTH)
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(bytes)
  else for (let i = 0; i < SEED_LENGTH; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.from(bytes, (b) => BASE64[b & 63]).join('')
}

export const isSeed = (text: string): boolean => text.length === SEED_LENGTH && [...text].every((c) => BASE64.includes(c))

/** Uniform floats in [0, 1) from the seed and a salt (mulberry32). */
export function randomFrom(seed: string, salt: string): () => number {
  let a = fnv1a(`${seed}|${salt}`)
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

/**
 * The `draw` pool ids an attempt shows. Each attempt ranks the pool by how often a question was drawn
 * in earlier attempts (fewest first: unseen questions first), ties in a random order of that attempt,
 * and takes the first `draw`. The pool is sorted first, so reordering questions changes nothing.
 * Returns the whole ranking of the attempt; its first `draw` are the draw.
 */
export function rankPool(pool: readonly string[], draw: number, seed: string, salt: string, attempt: number): string[] {
  const ids = [...pool].sort()
  const times = new Map<string, number>(ids.map((id) => [id, 0]))
  let ranking = ids
  for (let k = 1; k <= Math.max(1, attempt); k++) {
    const random = randomFrom(seed, `${salt}#${k}`)
    const keys = new Map(ids.map((id) => [id, random()]))
    ranking = [...ids].sort((a, b) => times.get(a)! - times.get(b)! || keys.get(a)! - keys.get(b)!)
    for (const id of ranking.slice(0, draw)) times.set(id, times.get(id)! + 1)
  }
  return ranking
}

// ---- mixed-radix packing: an answer's digits as few base-64 characters as they need --------------

/** How many base-64 characters hold every value of digits with these radices. */
export function packedLength(radices: readonly number[]): number {
  return packValue(radices.map((r) => r - 1), radices).length
}

/** Digits (each below its radix, least significant first) as base-64 characters, least significant first, always packedLength long. */
export function pack(digits: readonly number[], radices: readonly number[]): string {
  return packValue(digits, radices).padEnd(packedLength(radices), BASE64[0])
}

function packValue(digits: readonly number[], radices: readonly number[]): string {
  const limbs = [0] // base 64, least significant first
  for (let i = digits.length - 1; i >= 0; i--) {
    let carry = digits[i]!
    for (let j = 0; j < limbs.length; j++) {
      const v = limbs[j]! * radices[i]! + carry
      limbs[j] = v & 63
      carry = Math.floor(v / 64)
    }
    while (carry > 0) { limbs.push(carry & 63); carry = Math.floor(carry / 64) }
  }
  return limbs.map((v) => BASE64[v]).join('')
}

/** The digits `pack` wrote, or null when the text is not such a value (a stray character, a value too large). */
export function unpack(text: string, radices: readonly number[], length = packedLength(radices)): number[] | null {
  if (text.length !== length) return null
  const limbs = [...text].map((c) => BASE64.indexOf(c))
  if (limbs.some((v) => v < 0)) return null
  const digits: number[] = []
  for (const radix of radices) {
    let rest = 0
    for (let j = limbs.length - 1; j >= 0; j--) {
      const v = rest * 64 + limbs[j]!
      limbs[j] = Math.floor(v / radix)
      rest = v % radix
    }
    digits.push(rest)
  }
  return limbs.every((v) => v === 0) ? digits : null
}
