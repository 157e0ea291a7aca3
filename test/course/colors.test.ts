import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { drawnWith, parseColor } from '../../src/course/colors.js'
import { repoRoot } from '../helpers/paths.js'

const themeCss = readFileSync(join(repoRoot, 'templates/player/theme.css'), 'utf8')
/** The light theme's value of a custom property (the first `:root` block), or a rule's property (`.cp-header color`). */
function lightValue(css: string): string | undefined {
  if (css.startsWith('--')) return new RegExp(`:root\\s*\\{[^}]*?${css}:\\s*([^;]+);`).exec(themeCss)?.[1]
  const [selector, property] = css.split(' ')
  return new RegExp(`(?:^|\\n)${selector!.replace('.', '\\.')}\\s*\\{[^}]*?\\b${property}:\\s*([^;]+);`).exec(themeCss)?.[1]
}

describe('theme colours are measured against what the player draws them with', () => {
  it.each(Object.entries(drawnWith))('%s is theme.css\'s own colour', (_name, { css, rgb }) => {
    const value = lightValue(css)
    expect(value, `${css} in templates/player/theme.css`).toBeDefined()
    expect(parseColor(value!)).toEqual(rgb)
  })
})
