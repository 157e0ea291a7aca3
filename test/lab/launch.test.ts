import { afterAll, describe, expect, it } from 'vitest'
import type { LaunchInput } from '../../src/lab/launch.js'
import { readFacts, STANDARDS } from '../../src/lab/standards.js'
import { removeCourseFolders, writeCourseFolder } from '../helpers/course-folder.js'

// The launch plans are pure: what a standard's LMS hands the content follows from the attempt alone.
const input = (over: Partial<LaunchInput> = {}): LaunchInput => ({
  base: 'http://127.0.0.1:4000', href: 'http://127.0.0.1:4000/pkg/index.html', auth: 'Basic eDp5', mode: 'launch', session: 0,
  registration: '6f2d1c1e-8b5a-4e1f-9c3d-2a1b0c9d8e7f', activityId: '', previous: {}, facts: {},
  fresh: { activityId: 'fresh-activity', sessionId: 'fresh-session', fetchKey: 'fresh-key' },
  ...over,
})
const query = (url: string) => new URL(url).searchParams

describe('launch plans by standard', () => {
  it('SCORM 1.2 starts ab-initio, then resumes only after exit=suspend, as Moodle does', () => {
    expect(STANDARDS.scorm12.launch(input()).saved).toMatchObject({ core: { entry: 'ab-initio', lesson_status: 'not attempted' } })
    const left = { core: { exit: 'suspend', lesson_location: 'm/p', lesson_status: 'incomplete' }, suspend_data: 'cp1' }
    expect(STANDARDS.scorm12.launch(input({ session: 1, previous: left })).saved).toMatchObject({ core: { entry: 'resume', lesson_location: 'm/p' }, suspend_data: 'cp1' })
    expect(STANDARDS.scorm12.launch(input({ session: 1, previous: { core: { exit: '' } } })).saved).toMatchObject({ core: { entry: '' } })
  })

  it('SCORM 2004 hands back an attempt\'s data only after exit=suspend, in review too (as Moodle does), and the manifest mastery every time', () => {
    const facts = { scaledPassingScore: 0.8 }
    expect(STANDARDS.scorm2004.launch(input({ facts })).saved).toMatchObject({ entry: 'ab-initio', scaled_passing_score: '0.8' })
    const previous = { exit: 'normal', location: 'm/p', suspend_data: 'x', completion_status: 'completed', success_status: 'passed', score: { raw: '100' } }
    for (const mode of ['launch', 'review'] as const) {
      const normal = STANDARDS.scorm2004.launch(input({ session: 1, facts, mode, previous })).saved
      for (const gone of ['location', 'suspend_data', 'score']) expect(normal).not.toHaveProperty(gone)
      expect(normal).toMatchObject({ entry: 'ab-initio', completion_status: 'unknown', success_status: 'unknown', scaled_passing_score: '0.8' })
    }
    const review = STANDARDS.scorm2004.launch(input({ session: 1, mode: 'review', previous: { exit: 'suspend', location: 'm/p', suspend_data: 'x' } })).saved
    expect(review).toMatchObject({ mode: 'review', credit: 'no-credit', entry: 'resume', location: 'm/p', suspend_data: 'x' })
  })

  it('xAPI launches with tincan.xml\'s activity id and keeps the attempt\'s once chosen', () => {
    const first = STANDARDS.xapi.launch(input({ facts: { activityId: 'https://x.org/course' } }))
    expect(first.activityId).toBe('https://x.org/course')
    expect(Object.fromEntries(query(first.url))).toMatchObject({ endpoint: 'http://127.0.0.1:4000/xapi/', auth: 'Basic eDp5', activity_id: 'https://x.org/course' })
    expect(STANDARDS.xapi.launch(input({ activityId: 'https://x.org/kept', facts: { activityId: 'https://x.org/course' } })).activityId).toBe('https://x.org/kept')
  })

  it('cmi5 writes LMS.LaunchData for the session and launches with the five parameters and a one-time fetch URL', () => {
    const plan = STANDARDS.cmi5.launch(input({ mode: 'review', facts: { au: { auId: 'https://x.org/au', moveOn: 'Passed', masteryScore: 0.8 } } }))
    expect(plan.cmi5).toEqual({ sessionId: 'fresh-session', fetchKey: 'fresh-key' })
    expect(plan.activityId).toBe('http://127.0.0.1:4000/activities/fresh-activity')
    expect([...query(plan.url).keys()].sort()).toEqual(['activityId', 'actor', 'endpoint', 'fetch', 'registration'])
    expect(query(plan.url).get('fetch')).toBe('http://127.0.0.1:4000/cmi5/fetch/fresh-key')
    expect(plan.state).toMatchObject({ activityId: plan.activityId, stateId: 'LMS.LaunchData' })
    expect(JSON.parse(plan.state!.body)).toMatchObject({ launchMode: 'Review', moveOn: 'Passed', masteryScore: 0.8, contextTemplate: { contextActivities: { grouping: [{ id: 'https://x.org/au' }] } } })
  })

  it('the web package is its page and nothing else', () => {
    expect(STANDARDS.web.launch(input())).toEqual({ url: 'http://127.0.0.1:4000/pkg/index.html' })
  })

  describe('what the lab reads of the package for a launch', () => {
    afterAll(removeCourseFolders)
    it('gives each cmi5 AU its own publisher id, moveOn and masteryScore', async () => {
      const dir = await writeCourseFolder({
        'cmi5.xml': `<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><course id="https://x.org/course"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">C</langstring></description></course>
          <au id="https://x.org/au/one" moveOn="Completed"><title><langstring lang="en">One</langstring></title><description><langstring lang="en">One</langstring></description><url>one.html</url></au>
          <au id="https://x.org/au/two" moveOn="Passed" masteryScore="0.6"><title><langstring lang="en">Two</langstring></title><description><langstring lang="en">Two</langstring></description><url>./two.html</url></au></courseStructure>`,
      })
      expect(await readFacts(dir, 'cmi5', 'two.html')).toEqual({ au: { courseId: 'https://x.org/course', auId: 'https://x.org/au/two', moveOn: 'Passed', masteryScore: 0.6 } })
      expect(await readFacts(dir, 'cmi5', 'one.html')).toEqual({ au: { courseId: 'https://x.org/course', auId: 'https://x.org/au/one', moveOn: 'Completed' } })
      // A launch the course structure does not name gets the first AU's, the one an LMS launches first.
      expect(await readFacts(dir, 'cmi5', 'other.html')).toMatchObject({ au: { auId: 'https://x.org/au/one' } })
    })
  })
})
