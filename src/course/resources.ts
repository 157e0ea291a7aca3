// The resources page's list: every file the course links to or plays as audio or video, once, in the order
// learners meet it (module order, then page order), with its size read from the file and its kind by extension.
import { posix } from 'node:path'
import type { ResourceKind } from '../player/data.js'
import { mediaKind } from './assets.js'
import { IMAGE_EXTENSIONS } from './images.js'
import type { Resource, ResourceRef } from './model.js'

/** Kinds by extension (lower case, with the dot); audio, video and images come from the media tables. */
const KINDS: Record<string, ResourceKind> = {
  '.pdf': 'pdf',
  '.doc': 'document', '.docx': 'document', '.odt': 'document', '.rtf': 'document', '.epub': 'document',
  '.xls': 'spreadsheet', '.xlsx': 'spreadsheet', '.ods': 'spreadsheet', '.csv': 'spreadsheet',
  '.ppt': 'presentation', '.pptx': 'presentation', '.odp': 'presentation',
  '.txt': 'text', '.md': 'text',
  '.zip': 'archive', '.7z': 'archive', '.gz': 'archive', '.tgz': 'archive',
}

export function resourceKind(path: string): ResourceKind {
  const ext = posix.extname(path).toLowerCase()
  const media = mediaKind(path)
  return KINDS[ext] ?? (media !== 'image' ? media : IMAGE_EXTENSIONS.has(ext) ? 'image' : 'file')
}

/**
 * One entry per file (its first reference, whose text names it), in the order given; `size` reads a file's
 * bytes (a file that cannot be read was already reported by the entry check, and is left out).
 */
export async function listResources(refs: readonly ResourceRef[], size: (path: string) => Promise<number | undefined>): Promise<Resource[]> {
  const first = new Map<string, ResourceRef>()
  for (const ref of refs) if (!first.has(ref.path)) first.set(ref.path, ref)
  // Sized side by side (each is a few system calls), listed in the order given.
  const sized = await Promise.all([...first.values()].map(async (ref) => ({ ref, bytes: await size(ref.path) })))
  return sized.flatMap(({ ref, bytes }) => (bytes === undefined ? [] : [{ ...ref, bytes, kind: resourceKind(ref.path) }]))
}
