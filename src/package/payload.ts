import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Course, Theme } from '../course/model.js'
import { themeStyle } from '../course/colors.js'
import { encodePath } from '../course/assets.js'
import { RESUME_FORMAT, type PlayerData } from '../player/data.js'
import type { XapiActivities } from '../player/tracking/xapi-vocabulary.js'
import { shuffleTypes } from '../course/quiz.js'
import type { AdapterName, LaunchPage, PackageFile } from '../targets/target.js'
import { playerBundleDir, templatesDir } from '../paths.js'
import { escapeAttr } from '../text.js'

/** What course.js hands the player: the model without source positions or disk paths. */
export function toPlayerData(course: Course, activities?: XapiActivities): PlayerData {
  return {
    format: 1,
    resume: RESUME_FORMAT,
    course: {
      id: course.id,
      title: course.title,
      language: course.language,
      version: course.version,
      ...(course.description ? { description: course.description } : {}),
      ...(course.organization ? { organization: course.organization } : {}),
      ...(course.duration ? { duration: course.duration } : {}),
      passingScore: course.passingScore,
      ...(course.showAnswers === false ? { showAnswers: false as const } : {}),
      ...(course.retry ? { retry: course.retry } : {}),
      ...(course.certificate ? { certificate: course.certificate } : {}),
      ...(course.attempts !== undefined ? { attempts: course.attempts } : {}),
      ...(course.strings ? { strings: course.strings } : {}),
      ...(course.theme?.logo ? { logo: course.theme.logo } : {}),
    },
    modules: course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      graded: m.graded,
      ...(m.objectives.length > 0 ? { objectives: m.objectives } : {}),
      ...(m.duration ? { duration: m.duration } : {}),
      ...(m.showAnswers === false ? { showAnswers: false as const } : {}),
      ...(m.bank && m.graded ? { bank: m.bank } : {}),
      pages: m.pages.map((p) => ({
        id: p.id,
        title: p.title,
        blocks: p.blocks.map((b) => {
          if (b.type === 'html') return b
          const { at: _at, shuffle: written, ...question } = b.question
          // The nearest `shuffle:` decides: the question's, the module's, the course's.
          const shuffle = shuffleTypes.includes(question.type) && (written ?? m.shuffle ?? course.shuffle ?? false)
          return { type: 'question' as const, question: shuffle ? { ...question, shuffle: true as const } : question }
        }),
      })),
    })),
    ...(course.resources.length > 0
      ? { resources: course.resources.map((r) => ({ href: encodePath(r.path), title: r.title, bytes: r.bytes, kind: r.kind })) }
      : {}),
    ...(activities ? { activities } : {}),
  }
}

/** course.js: plain script, not fetched JSON, so it loads from file:// and under LMS loading limits. */
export function buildCourseScript(course: Course, activities?: XapiActivities): string {
  // U+2028/2029 are legal in JSON but ended string literals in older engines; escape them.
  const json = JSON.stringify(toPlayerData(course, activities)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
  return `window.__COURSEPACK__=${json};\n`
}

/** What the launch page adds after the player's theme.css: course.yaml's theme colours, then the course's own theme.css. */
function themeHead(theme: Theme | undefined): string {
  if (!theme) return ''
  const style = themeStyle(theme)
  return (style ? `\n<style>${style}</style>` : '') + (theme.css ? `\n<link rel="stylesheet" href="${escapeAttr(encodePath(theme.css))}">` : '')
}

/** Fills the launch page shell: {{lang}}, {{title}}, {{theme}} and {{body_attrs}} (the scope of a module SCO). */
export function buildLaunchPage(shell: string, course: Course, page: LaunchPage): string {
  const module = page.scope ? course.modules.find((m) => m.id === page.scope) : undefined
  const title = module ? `${module.title} · ${course.title}` : course.title
  const values: Record<string, string> = {
    lang: escapeAttr(course.language),
    title: escapeAttr(title),
    theme: themeHead(course.theme),
    body_attrs: page.scope ? ` data-scope="${escapeAttr(page.scope)}"` : '',
  }
  return shell.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole)
}

export interface PayloadOptions { adapter: AdapterName; launchPages: LaunchPage[]; activities?: XapiActivities | undefined }

/** The files every package carries: launch pages, player bundle and theme, course.js, and the media the course references. */
export function buildPayload(course: Course, options: PayloadOptions): PackageFile[] {
  const shell = readFileSync(join(templatesDir, 'player', 'index.html'), 'utf8')
  return [
    ...options.launchPages.map((page) => ({ path: page.path, data: buildLaunchPage(shell, course, page) })),
    { path: 'course.js', data: buildCourseScript(course, options.activities) },
    { path: 'player/player.js', from: join(playerBundleDir, `${options.adapter}.js`) },
    { path: 'player/theme.css', from: join(templatesDir, 'player', 'theme.css') },
    ...course.assets.map((asset) => ({ path: asset.path, from: join(course.root, asset.path) })),
  ]
}
