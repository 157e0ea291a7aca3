// The xAPI words the xAPI and cmi5 adapters both speak, and the activity IRIs the compiler writes:
// ADL verbs, activity types, interaction definitions (XAPI §2.4.4.1, SPEC-NOTES §4.4–4.5) and the rule
// that makes a child IRI. Pure data and functions: the adapters keep the sessions, this keeps the words.
import type { QuestionRecord } from './adapter.js'

/** ADL verbs (SPEC-NOTES §4.4); cmi5 defines its statements with the same ones. */
export type VerbName = 'initialized' | 'resumed' | 'experienced' | 'answered' | 'completed' | 'passed' | 'failed' | 'suspended' | 'terminated'

export interface Verb { id: string; display: { 'en-US': string } }

/** A verb as statements carry it: the ADL IRI, displayed as its own English name. */
export function verb(name: VerbName): Verb {
  return { id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } }
}

export const ACTIVITY_TYPE = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  /** A page of a module: ADL's vocabulary has no page type, the Activity Streams one is the usual choice. */
  page: 'http://activitystrea.ms/schema/1.0/page',
} as const

export type LanguageMap = Record<string, string>

export interface Activity {
  objectType: 'Activity'
  id: string
  definition?: { type?: string; name?: LanguageMap; description?: LanguageMap; [more: string]: unknown }
}

/** An activity of a known type, named in the course language when it has a name. */
export function activity(id: string, type: string, language: string, name?: string): Activity {
  return { objectType: 'Activity', id, definition: { type, ...(name ? { name: { [language]: name } } : {}) } }
}

/** A child IRI: the parent's, without trailing slashes, then each segment percent-encoded. */
export function childIri(parent: string, ...segments: string[]): string {
  return [parent.replace(/\/+$/, ''), ...segments.map(encodeURIComponent)].join('/')
}

/** A module's activity IRI hangs off the course's. */
export const moduleIri = (courseIri: string, moduleId: string): string => childIri(courseIri, 'modules', moduleId)

/** The activity IRIs of an xAPI package: tincan.xml lists them and course.js hands them to the player. */
export interface XapiActivities {
  course: string
  /** module id → IRI */
  modules: Record<string, string>
}

/** xAPI choice ids (the SCORM dialects have their own, for Moodle). */
export const choiceId = (index: number): string => `choice-${index + 1}`

/** `[,]` separates the items of a response: a text containing it would read as two, so it becomes a comma. */
const oneItem = (text: string): string => text.replace(/\[,\]/g, ', ')

/** xAPI matching ids: left items are sources, right-hand options targets. */
export const sourceId = (index: number): string => `source-${index + 1}`
export const targetId = (index: number): string => `target-${index + 1}`

type Component = { id: string; description: LanguageMap }

export interface Interaction {
  definition: {
    type: string; description: LanguageMap; interactionType: string; correctResponsesPattern: string[]
    choices?: Component[]; source?: Component[]; target?: Component[]
  }
  response: string
}

/**
 * The interaction definition and response of an answered question. The prompt is the activity's
 * `description`, as the interaction examples of XAPI §2.4.4.1 and the SCORM profile's
 * cmi.interactions.n.description put it; choices describe themselves the same way.
 */
export function interactionOf(record: QuestionRecord, language: string): Interaction {
  const description = { [language]: record.prompt }
  switch (record.type) {
    case 'true-false':
      return {
        definition: { type: ACTIVITY_TYPE.interaction, description, interactionType: 'true-false', correctResponsesPattern: [String(record.correctResponse === true)] },
        response: String(record.response === true),
      }
    case 'fill-in':
      // Any accepted text is right; the player ignores case, as the xAPI fill-in default does.
      return {
        definition: { type: ACTIVITY_TYPE.interaction, description, interactionType: 'fill-in', correctResponsesPattern: (record.correctResponse as string[]).map(oneItem) },
        response: oneItem(String(record.response)),
      }
    case 'single':
    case 'multiple': {
      const correct = (record.correctResponse as number[]).map(choiceId)
      return {
        definition: {
          type: ACTIVITY_TYPE.interaction, description, interactionType: 'choice',
          // single: each correct choice is right on its own; multiple: all of them together
          correctResponsesPattern: record.type === 'single' ? correct : [correct.join('[,]')],
          choices: components(record.choices, choiceId, language),
        },
        response: (record.response as number[]).map(choiceId).join('[,]'),
      }
    }
    case 'matching': {
      // left i goes with right i; the pattern is every pair right (`partial` credit is the result's score, not a pattern)
      const pairs = (rights: readonly number[]) => rights.map((r, i) => `${sourceId(i)}[.]${targetId(r)}`).join('[,]')
      return {
        definition: {
          type: ACTIVITY_TYPE.interaction, description, interactionType: 'matching', correctResponsesPattern: [pairs(record.correctResponse as number[])],
          source: components(record.sources, sourceId, language), target: components(record.targets, targetId, language),
        },
        response: pairs(record.response as number[]),
      }
    }
    case 'ordering': {
      const order = (items: readonly number[]) => items.map(choiceId).join('[,]')
      return {
        definition: {
          type: ACTIVITY_TYPE.interaction, description, interactionType: 'sequencing', correctResponsesPattern: [order(record.correctResponse as number[])],
          choices: components(record.choices, choiceId, language),
        },
        response: order(record.response as number[]),
      }
    }
  }
}

const components = (texts: readonly string[] | undefined, id: (i: number) => string, language: string): Component[] =>
  (texts ?? []).map((text, i) => ({ id: id(i), description: { [language]: text } }))
