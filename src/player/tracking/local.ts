// Browser storage for the offline web package: progress in localStorage, keyed by course id,
// version and scope. Where storage is unavailable (private mode, blocked), it keeps nothing and says so.
import type { FinishReason, PageInfo, ProgressSnapshot, QuestionRecord, SavedProgress, StartResult, TrackingAdapter, TrackingContext } from './adapter.js'

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export interface LocalWindow {
  readonly localStorage?: StorageLike | null
}

export function storageKey(context: TrackingContext): string {
  return ['coursepack', context.courseId, context.courseVersion, ...(context.scope ? [context.scope] : [])].join(':')
}

/** One name for every course in this browser: a learner types it once. */
export const NAME_KEY = 'coursepack:learner-name'

export function createLocalAdapter(win: LocalWindow): TrackingAdapter {
  let storage: StorageLike | null = null
  let key = ''
  let latest: SavedProgress | null = null

  function save(): void {
    if (!storage || !latest) return
    try {
      storage.setItem(key, JSON.stringify(latest))
    } catch {
      storage = null // quota or blocked since start: keep playing without saving
    }
  }

  async function start(context: TrackingContext): Promise<StartResult> {
    key = storageKey(context)
    try {
      const s = win.localStorage // the getter itself throws where storage is blocked
      if (!s) return { saved: null, persistent: false }
      const text = s.getItem(key)
      s.setItem(key, text ?? '') // Safari's old private mode throws only on write
      storage = s
      const parsed: unknown = text ? JSON.parse(text) : null
      const saved = parsed && typeof parsed === 'object' && typeof (parsed as SavedProgress).suspend === 'string' && typeof (parsed as SavedProgress).location === 'string'
        ? { suspend: (parsed as SavedProgress).suspend, location: (parsed as SavedProgress).location }
        : null
      const learnerName = s.getItem(NAME_KEY)
      return { saved, persistent: true, ...(learnerName ? { learnerName } : {}) }
    } catch {
      const persistent = storage !== null // unreadable JSON: storage works, start fresh
      return { saved: null, persistent }
    }
  }

  return {
    start,
    pageShown(_page: PageInfo) {},
    questionAnswered(_record: QuestionRecord) {},
    progressChanged(snapshot: ProgressSnapshot) {
      latest = { suspend: snapshot.suspend, location: snapshot.location }
      save() // localStorage is local and synchronous; nothing to debounce
    },
    flush() { save() },
    rememberName(name: string) {
      try { storage?.setItem(NAME_KEY, name) } catch { /* kept for this session only */ }
    },
    async finish(_reason: FinishReason) {
      save() // storage has no session to end; a page restored from the back/forward cache keeps saving
    },
  }
}
