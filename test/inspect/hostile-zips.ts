// Hostile zips, made at test time: the product's zip writer makes a well-formed zip, then names and
// central-directory offsets are patched in place, as an attacker's script would.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeZip } from '../../src/package/zip.js'
import type { PackageFile } from '../../src/targets/target.js'

const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02])

export const SCORM12_MANIFEST = (href = 'sco.html') => `<?xml version="1.0"?>
<manifest identifier="m" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>SCO</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="${href}"><file href="sco.html"/></resource></resources>
</manifest>
`

export const SCO_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SCO</title></head><body>SCO</body></html>\n'

/** Writes `files` as a zip, then replaces each `rename` key (a placeholder name of the same length) by its value in the headers. */
export async function craftZip(files: PackageFile[], rename: Record<string, string> = {}): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'coursepack-hostile-')), 'package.zip')
  await writeZip(files, out)
  let data = await readFile(out)
  for (const [from, to] of Object.entries(rename)) {
    if (from.length !== to.length) throw new Error(`${from} and ${to} must have the same length`)
    data = Buffer.from(data.toString('latin1').split(from).join(to), 'latin1')
  }
  await writeFile(out, data)
  return out
}

/** The central directory records of a zip: offset of the record, its name, and its local header offset. */
function centralRecords(data: Buffer): { at: number; name: string; localOffset: number }[] {
  const records = []
  for (let at = data.indexOf(CENTRAL); at >= 0; at = data.indexOf(CENTRAL, at + 4)) {
    const nameLength = data.readUInt16LE(at + 28)
    records.push({ at, name: data.subarray(at + 46, at + 46 + nameLength).toString('utf8'), localOffset: data.readUInt32LE(at + 42) })
  }
  return records
}

/** Points the central-directory entries `names` at the local header (and body) of `target`: several names, one body. */
export async function overlapEntries(zip: string, target: string, names: string[]): Promise<void> {
  const data = await readFile(zip)
  const records = centralRecords(data)
  const body = records.find((r) => r.name === target)
  if (!body) throw new Error(`${target} is not in ${zip}`)
  for (const r of records.filter((x) => names.includes(x.name))) data.writeUInt32LE(body.localOffset, r.at + 42)
  await writeFile(zip, data)
}

/** Sets the "encrypted" flag of `name`'s entry in its local header and central directory record. */
export async function markEncrypted(zip: string, name: string): Promise<void> {
  const data = await readFile(zip)
  const record = centralRecords(data).find((r) => r.name === name)
  if (!record) throw new Error(`${name} is not in ${zip}`)
  data.writeUInt16LE(data.readUInt16LE(record.at + 8) | 1, record.at + 8)
  data.writeUInt16LE(data.readUInt16LE(record.localOffset + 6) | 1, record.localOffset + 6)
  await writeFile(zip, data)
}

/** Makes `name`'s entry a symbolic link as Unix zip tools store one: made on Unix, mode S_IFLNK. */
export async function markSymlink(zip: string, name: string): Promise<void> {
  const data = await readFile(zip)
  const record = centralRecords(data).find((r) => r.name === name)
  if (!record) throw new Error(`${name} is not in ${zip}`)
  data.writeUInt16LE((3 << 8) | (data.readUInt16LE(record.at + 4) & 0xff), record.at + 4)
  data.writeUInt32LE((0o120777 << 16) >>> 0, record.at + 38)
  await writeFile(zip, data)
}
