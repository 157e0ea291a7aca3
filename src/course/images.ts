// Image sizes for `width` and `height` on <img>, so a page does not jump while its images load.
// Read from each image file's header (the image-size package), before the modules are rendered.
import { posix } from 'node:path'
import { imageSize } from 'image-size'
import { problemOf, readEntryHead, type CourseEntries } from './files.js'

export interface ImageSize { width: number; height: number }

/** The image formats whose size is read (lower case, with the dot); also what the resources page calls an image. */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.avif', '.bmp'])
/** Where every format keeps its size (a JPEG's after its EXIF block); a file whose size is further in gets none. */
const HEAD_BYTES = 256 * 1024

/** Every image file of the course folder by path; a file that cannot be read or measured is left out (no size is no error). */
export async function readImageSizes(realRoot: string, entries: CourseEntries): Promise<Map<string, ImageSize>> {
  const sizes = new Map<string, ImageSize>()
  for (const path of entries.files) {
    if (path.endsWith('/') || !IMAGE_EXTENSIONS.has(posix.extname(path).toLowerCase()) || problemOf(entries, path)) continue
    const read = await readEntryHead(realRoot, path, HEAD_BYTES)
    if ('problem' in read) continue
    try {
      const { width, height } = imageSize(read.bytes)
      if (width > 0 && height > 0) sizes.set(path, { width: Math.round(width), height: Math.round(height) })
    } catch {
      // not an image we can measure: it still shows, only without a reserved size
    }
  }
  return sizes
}
