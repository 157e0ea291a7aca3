// The certificate's verification code and the learner's name as it is printed: pure, shared by the
// player (which prints the code) and `coursepack verify` (which recomputes it from the course).
// The code is a checksum, not a signature: it shows that the name, date and course printed on a
// certificate belong together, so a changed name or date no longer matches.
import { collapseSpaces } from '../text.js'
import { fnv1a } from './random.js'

export interface CertificateFacts {
  courseId: string
  version: string
  learner: string
  date: string // YYYY-MM-DD
}

/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** Crockford's base 32: no I, L, O or U, so a code read aloud or retyped is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The name as compared: Unicode NFC, spaces collapsed, case ignored ("ana  GARCÍA" = "Ana García"). */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** FNV-1a from `basis`, then mixed so every character reaches every bit. */
function mixedHash(text: string, basis: number): number {
  let h = fnv1a(text, basis)
  // A final avalanche (murmur3's fmix32): FNV alone leaves its last characters in the low bits.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

function base32(value: number, digits: number): string {
  let out = ''
  for (let i = 0; i < digits; i++) {
    out = ALPHABET[value & 31]! + out
    value >>>= 5
  }
  return out
}

/** Ten characters in two groups ("7KQ2M-9XD3F"): 50 bits of two independent hashes of the facts. */
export function verificationCode(facts: CertificateFacts): string {
  const text = [facts.courseId, facts.version, nameKey(facts.learner), facts.date].join('\n')
  return `${base32(mixedHash(text, 0x811c9dc5) >>> 7, 5)}-${base32(mixedHash(text, 0x2f6b9e1d) >>> 7, 5)}`
}

/** A code as someone may type it back: any case, spaces or no dash, O for 0, I/L for 1. */
export function normalizeCode(code: string): string {
  const plain = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return plain.length === 10 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : plain
}

/**
 * The learner's name as a certificate prints it. SCORM LMSs give "Last, First" (SCORM 1.2's
 * cmi.core.student_name is defined so, and Moodle fills SCORM 2004's cmi.learner_name the same way):
 * exactly one comma is read as that order and turned round; any other name is kept as written.
 */
export function displayName(raw: string): string {
  const name = collapseSpaces(raw)
  const parts = name.split(',')
  if (parts.length !== 2) return name
  const [last, first] = parts.map((p) => p.trim())
  return first && last ? `${first} ${last}` : name.replace(',', '').trim()
}
