// A small zip reader for `check`: packages are unpacked into a temporary folder as an LMS does on
// import. Stored and deflated entries only (what every e-learning tool writes); no ZIP64, no
// encryption. Entry names that would land outside the folder are refused (zip-slip).
import { mkdir, open, writeFile } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import { inflateRawSync } from 'node:zlib'

/** The file is not a zip we can read: a usage error for `check`, not a broken package. */
export class NotAZipError extends Error {}

interface CentralEntry { name: string; method: number; compressedSize: number; size: number; localOffset: number; flags: number }

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50

function findEndOfCentralDirectory(tail: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes: search backwards.
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) return i
  }
  return -1
}

function entries(data: Buffer): CentralEntry[] {
  const tailStart = Math.max(0, data.length - (22 + 65_535))
  const at = findEndOfCentralDirectory(data.subarray(tailStart))
  if (at < 0) throw new NotAZipError('it is not a zip file (no end of central directory)')
  const eocd = tailStart + at
  const count = data.readUInt16LE(eocd + 10)
  const cdOffset = data.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) throw new NotAZipError('ZIP64 archives are not supported')
  const result: CentralEntry[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new NotAZipError('its central directory is damaged')
    const flags = data.readUInt16LE(p + 8)
    const method = data.readUInt16LE(p + 10)
    const compressedSize = data.readUInt32LE(p + 20)
    const size = data.readUInt32LE(p + 24)
    const nameLength = data.readUInt16LE(p + 28)
    const extraLength = data.readUInt16LE(p + 30)
    const commentLength = data.readUInt16LE(p + 32)
    const localOffset = data.readUInt32LE(p + 42)
    const rawName = data.subarray(p + 46, p + 46 + nameLength)
    // Bit 11: UTF-8 names. Without it, tools mostly write UTF-8 anyway; latin1 would garble it.
    const name = rawName.toString('utf8')
    result.push({ name, method, compressedSize, size, localOffset, flags })
    p += 46 + nameLength + extraLength + commentLength
  }
  return result
}

function entryData(data: Buffer, e: CentralEntry): Buffer {
  const p = e.localOffset
  if (p + 30 > data.length || data.readUInt32LE(p) !== LOCAL_SIGNATURE) throw new NotAZipError(`entry ${e.name} is damaged`)
  if (e.flags & 1) throw new NotAZipError(`entry ${e.name} is encrypted`)
  const start = p + 30 + data.readUInt16LE(p + 26) + data.readUInt16LE(p + 28)
  const raw = data.subarray(start, start + e.compressedSize)
  if (e.method === 0) return Buffer.from(raw)
  if (e.method === 8) {
    try {
      return inflateRawSync(raw)
    } catch {
      throw new NotAZipError(`entry ${e.name} cannot be decompressed`)
    }
  }
  throw new NotAZipError(`entry ${e.name} uses compression method ${e.method}, which is not supported`)
}

/** The entry's path inside `dir`, or undefined when it is a folder entry or points outside. */
function safeTarget(dir: string, name: string): string | undefined {
  const clean = name.replace(/\\/g, '/')
  if (clean.endsWith('/')) return undefined
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) return undefined
  const target = resolve(dir, clean)
  return target.startsWith(resolve(dir) + sep) ? target : undefined
}

/** Unzips `zipPath` into `dir` (which must exist); returns the file names written, in zip order. */
export async function unzipTo(zipPath: string, dir: string): Promise<string[]> {
  const handle = await open(zipPath, 'r')
  let data: Buffer
  try {
    data = await handle.readFile()
  } finally {
    await handle.close()
  }
  const written: string[] = []
  for (const e of entries(data)) {
    const target = safeTarget(dir, e.name)
    if (!target) continue
    const body = entryData(data, e)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, body)
    written.push(e.name.replace(/\\/g, '/'))
  }
  return written
}
