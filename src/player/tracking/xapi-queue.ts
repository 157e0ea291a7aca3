// The xAPI client's offline queue in Web Storage: one item per statement, so that queueing a statement
// costs the same however many wait before it. Kept as one item (the whole queue written again at each
// send), a learner offline or ahead of the LRS made every page cost more than the last: in check's walk
// through the 114-page example course, 1.5 s of 8.4.

import type { Statement } from './xapi-client.js'

/** A queued statement: its JSON text (made once, stored and sent as it is) and the storage item holding it, if stored. */
export interface Queued { id: string; json: string; item?: string }

export interface QueueStore {
  /** The statements a previous page left, oldest first. */
  load(): Queued[]
  /** Stores one statement (best effort: when storage fails, it stays in memory only). */
  add(statement: Statement): Queued
  /** Forgets delivered statements. */
  remove(entries: readonly Queued[]): void
}

const isStatement = (s: unknown): s is Statement => !!s && typeof s === 'object' && typeof (s as Statement).id === 'string'

/**
 * Items are named `KEY#SEQ:ID`: in the order queued by SEQ, and distinct even when two pages of the
 * same launch queue at once. A queue stored by an earlier player as one array under KEY is moved to items.
 */
export function queueStore(storage: Storage | null, key: string, warn: (message: string) => void): QueueStore {
  const prefix = `${key}#`
  let next = 0

  /** Stops using storage after a failure (full, or blocked): the queue then lives in memory only. */
  function failed(): void {
    if (storage) warn('coursepack: the xAPI offline queue cannot be stored; unsent statements are kept in memory only')
    storage = null
  }

  function write(statement: Statement): Queued {
    const entry: Queued = { id: statement.id as string, json: JSON.stringify(statement) }
    if (!storage) return entry
    const item = `${prefix}${next++}:${entry.id}`
    try {
      storage.setItem(item, entry.json)
      entry.item = item
    } catch {
      failed()
    }
    return entry
  }

  function stored(): { seq: number; entry: Queued }[] {
    const found: { seq: number; entry: Queued }[] = []
    for (let i = 0; storage && i < storage.length; i++) {
      const item = storage.key(i)
      const match = item?.startsWith(prefix) ? /^(\d+):/.exec(item.slice(prefix.length)) : null
      if (!item || !match) continue
      try {
        const json = storage.getItem(item) ?? ''
        const statement: unknown = JSON.parse(json)
        if (isStatement(statement)) found.push({ seq: Number(match[1]), entry: { id: statement.id as string, json, item } })
      } catch { /* an unreadable item: not a statement of ours */ }
    }
    return found.sort((a, b) => a.seq - b.seq)
  }

  function load(): Queued[] {
    if (!storage) return []
    const items = stored()
    next = items.length > 0 ? items[items.length - 1]!.seq + 1 : 0
    let legacy: Statement[] = []
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]')
      if (Array.isArray(parsed)) legacy = parsed.filter(isStatement)
    } catch { /* not ours to read */ }
    // Both only when an earlier player ran in another tab of this launch: its statements join the end.
    const moved = legacy.map(write)
    // The old item goes once its statements are items of their own: a full storage keeps it, and nothing is lost.
    if (storage && moved.every((e) => e.item)) {
      try { storage.removeItem(key) } catch { /* it is read again next time; the LRS keeps one of each id */ }
    }
    return [...items.map((i) => i.entry), ...moved]
  }

  function remove(entries: readonly Queued[]): void {
    for (const e of entries) {
      if (!storage || !e.item) continue
      try {
        storage.removeItem(e.item)
      } catch { /* it is delivered: a stale item is sent again at most, and the LRS keeps one (same id) */ }
    }
  }

  return { load, add: write, remove }
}
