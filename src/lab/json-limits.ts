// What the lab accepts as JSON from the network: bounded in size and nesting before anything walks
// it. JSON.stringify, structuredClone and xapi-validation all recurse, so a statement nested 200,000
// deep used to end the lab with a RangeError in a timer; the depth is measured here by a plain scan
// of the text, with no recursion.

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
