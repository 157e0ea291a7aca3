import { crc32 } from 'node:zlib'

// archiver's zip writer computes CRC-32 with the `crc-32` package in JavaScript; bin/build-tool.js
// points that import here so the bundled CLI uses zlib's native CRC, several times faster on large
// media. Same contract as crc-32's `buf`: a signed 32-bit result, and a seed that is the previous
// checksum (a non-number seed, as crc32-stream first passes, counts as 0).
export function buf(data: Uint8Array, seed?: unknown): number {
  return crc32(data, typeof seed === 'number' ? seed >>> 0 : 0) | 0
}

export default { buf }
