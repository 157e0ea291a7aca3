import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import yauzl from 'yauzl'

export interface ZipEntryInfo { name: string; method: number; size: number; compressedSize: number; date: Date; data: Buffer }

/** Every entry of a zip, in stored order, with its content: tests look inside real packages. */
export function readZip(path: string): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(err)
      const entries: ZipEntryInfo[] = []
      zip.on('error', reject)
      zip.on('end', () => resolve(entries))
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            entries.push({
              name: entry.fileName, method: entry.compressionMethod, size: entry.uncompressedSize,
              compressedSize: entry.compressedSize, date: entry.getLastModDate({ timezone: 'UTC' } as never), data: Buffer.concat(chunks),
            })
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

export async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex')
}
