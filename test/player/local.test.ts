import { describe, expect, it } from 'vitest'
import type { TrackingContext } from '../../src/player/tracking/adapter.js'
import { createLocalAdapter, storageKey, type StorageLike } from '../../src/player/tracking/local.js'

const context: TrackingContext = { courseId: 'safety', courseVersion: '2.1.0', courseTitle: 'Safety', language: 'en', scope: null, passingScore: 80, graded: true }

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => { items.set(k, v) } }
}

const snapshot = { status: 'incomplete' as const, score: null, passingScore: 80, location: 'quiz/p1', suspend: 'cp1;abc', cause: 'page' as const }

describe('browser storage (web package)', () => {
  it('progress is kept per course id, version and scope', () => {
    expect(storageKey(context)).toBe('coursepack:safety:2.1.0')
    expect(storageKey({ ...context, scope: 'quiz' })).toBe('coursepack:safety:2.1.0:quiz')
  })

  it('a relaunch gets back what the last visit saved', async () => {
    const localStorage = memoryStorage()
    const first = createLocalAdapter({ localStorage })
    expect(await first.start(context)).toEqual({ saved: null, persistent: true })
    first.progressChanged(snapshot)
    await first.finish('pagehide')
    const second = createLocalAdapter({ localStorage })
    expect(await second.start(context)).toEqual({ saved: { suspend: 'cp1;abc', location: 'quiz/p1' }, persistent: true })
  })

  it('storage that throws (private mode) means progress is not saved, and the course still plays', async () => {
    const blocked = { get localStorage(): StorageLike { throw new Error('SecurityError') } }
    const adapter = createLocalAdapter(blocked)
    expect(await adapter.start(context)).toEqual({ saved: null, persistent: false })
    expect(() => adapter.progressChanged(snapshot)).not.toThrow()
  })

  it('storage that refuses writes is treated as no storage', async () => {
    const readOnly: StorageLike = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError') } }
    expect(await createLocalAdapter({ localStorage: readOnly }).start(context)).toEqual({ saved: null, persistent: false })
  })

  it('damaged saved progress starts fresh', async () => {
    const localStorage = memoryStorage()
    localStorage.items.set('coursepack:safety:2.1.0', '{not json')
    expect(await createLocalAdapter({ localStorage }).start(context)).toEqual({ saved: null, persistent: true })
  })
})
