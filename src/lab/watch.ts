// Watching a course folder for the author's saves, whatever the editor. fs.watch on a file follows its
// inode, and editors that save by rename (sed -i, vim, JetBrains' safe write) replace the inode, so a
// file watch goes deaf after the first save; Linux's recursive fs.watch watches files that way. Here
// every folder is watched on its own (a folder keeps its inode; renames, creations and writes inside
// it are all events of the folder), and the folder list is read again after each change, so new and
// removed subfolders are followed (a folder replaced by another of the same name is watched anew).
import { watch, type FSWatcher } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export interface TreeWatcher {
  /** Stops every folder watch; no callback runs after it. */
  close(): void
}

/**
 * Calls `onChange` with the changed path (relative to `root`, posix) on every change under `root`,
 * except in folders or files `ignored` matches. Unreadable folders are skipped, not fatal.
 */
export async function watchTree(root: string, ignored: (path: string) => boolean, onChange: (path: string) => void): Promise<TreeWatcher> {
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>()
  let closed = false
  let rescan: Promise<void> | undefined
  let rescanAgain = false

  const relativePath = (dir: string, name: string): string => relative(root, join(dir, name)).split(sep).join('/')

  /** Every folder under `dir` (itself included) with its inode. */
  async function folders(dir: string, found: Map<string, number>): Promise<Map<string, number>> {
    const info = await stat(dir).catch(() => undefined)
    if (!info) return found
    found.set(dir, info.ino)
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      // Symbolic links are not followed: a link to a folder outside the course is not the course.
      if (entry.isDirectory() && !ignored(relativePath(dir, entry.name))) await folders(join(dir, entry.name), found)
    }
    return found
  }

  function watchFolder(dir: string, ino: number): void {
    try {
      const watcher = watch(dir, (_event, name) => {
        if (closed) return
        const path = name ? relativePath(dir, String(name)) : relative(root, dir).split(sep).join('/')
        if (name && ignored(path)) return
        onChange(path)
        void follow()
      })
      // A watched folder that is removed errors or goes quiet: the next scan forgets it.
      watcher.on('error', () => {
        watcher.close()
        if (watchers.get(dir)?.watcher === watcher) watchers.delete(dir)
      })
      watchers.set(dir, { watcher, ino })
    } catch { /* gone or unreadable since it was listed: the next scan tries again */ }
  }

  /** Watches folders that appeared since the last scan and forgets those that went; one scan at a time. */
  function follow(): Promise<void> {
    if (rescan) { rescanAgain = true; return rescan }
    rescan = (async () => {
      do {
        rescanAgain = false
        const now = await folders(root, new Map())
        if (closed) break
        for (const [dir, { watcher, ino }] of watchers) {
          if (now.get(dir) !== ino) { watcher.close(); watchers.delete(dir) }
        }
        for (const [dir, ino] of now) if (!watchers.has(dir)) watchFolder(dir, ino)
      } while (rescanAgain && !closed)
      rescan = undefined
    })()
    return rescan
  }

  await follow()
  return {
    close() {
      closed = true
      for (const { watcher } of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
