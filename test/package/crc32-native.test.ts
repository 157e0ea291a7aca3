import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { buf } from '../../src/package/crc32-native.js'

// The package the bundle replaces: the native shim must give the same numbers for the same calls.
const crc32js = createRequire(import.meta.url)('crc-32') as { buf: (data: Uint8Array, seed?: unknown) => number }

describe('native CRC-32 in place of the crc-32 package', () => {
  it('gives the same checksum for whole buffers', () => {
    for (const size of [0, 1, 7, 1000, 65_537]) {
      const data = randomBytes(size)
      expect(buf(data)).toBe(crc32js.buf(data))
    }
  })

  it('gives the same running checksum over chunks, seeded as crc32-stream seeds it', () => {
    const chunks = [randomBytes(10), randomBytes(70_000), randomBytes(3)]
    let ours: unknown = Buffer.alloc(4)
    let theirs: unknown = Buffer.alloc(4)
    for (const c of chunks) {
      ours = buf(c, ours) >>> 0
      theirs = crc32js.buf(c, theirs) >>> 0
    }
    expect(ours).toBe(theirs)
    expect(ours).toBe(buf(Buffer.concat(chunks)) >>> 0)
  })
})
