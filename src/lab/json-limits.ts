// What the lab accepts from the network: request bodies bounded in size, JSON bounded in nesting before anything walks
// it. JSON.stringify, structuredClone and xapi-validation all recurse, so a statement nested 200,000
// deep used to end the lab with a RangeError in a timer; the depth is measured here by a plain scan
// of the text, with no recursion.
import type { IncomingMessage } from 'node:http'

/** No xAPI statement, state document or SCORM data set comes near this; 32 levels is what we allow. */
export const MAX_JSON_DEPTH = 32

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) max = depth }
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return max
}

/** The body of a request, refused past `limit` bytes (10 MB by default, as statement batches go). */
export function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) { reject(new BadRequestError(`the request body is over ${limit / 1024 / 1024} MB`)); req.destroy(); return }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A request the lab refuses with 400: bad JSON, too big, too deep. The message is shown as a problem. */
export class BadRequestError extends Error {}

/** Parses JSON from the network, refusing it when nested deeper than `maxDepth`. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const depth = jsonDepth(text)
  if (depth > maxDepth) throw new BadRequestError(`the JSON is nested ${depth.toLocaleString('en')} levels deep; the lab accepts at most ${maxDepth}`)
  try {
    return JSON.parse(text)
  } catch {
    throw new BadRequestError('the body is not JSON')
  }
}
