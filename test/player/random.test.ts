// Seeded randomness: deterministic for a seed, uniform across seeds, unseen questions first.
import { describe, expect, it } from 'vitest'
import { newSeed, pack, packedLength, permutation, randomFrom, rankPool, unpack } from '../../src/player/random.js'

const pool = Array.from({ length: 10 }, (_, i) => `q${i}`)

describe('seeded draws and shuffles', () => {
  it('the same seed and salt give the same numbers; another salt or seed gives others', () => {
    const a = randomFrom('Seed01', 'q1')
    const b = randomFrom('Seed01', 'q1')
    const first = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(first)
    expect(randomFrom('Seed01', 'q2')()).not.toBe(first[0])
    expect(randomFrom('Seed02', 'q1')()).not.toBe(first[0])
  })

  it('a new seed is six base-64 characters, different each time', () => {
    const seeds = new Set(Array.from({ length: 50 }, newSeed))
    expect(seeds.size).toBe(50)
    for (const seed of seeds) expect(seed).toMatch(/^[A-Za-z0-9_-]{6}$/)
  })

  it('a permutation holds every index once', () => {
    expect(permutation(10, randomFrom('s', 'x')).sort((x, y) => x - y)).toEqual([...Array(10).keys()])
  })

  it('a draw does not depend on the order the pool is written in', () => {
    expect(rankPool(pool, 3, 'Seed01', 'final', 1).slice(0, 3)).toEqual(rankPool([...pool].reverse(), 3, 'Seed01', 'final', 1).slice(0, 3))
  })

  it('draws are uniform over learners: each question is drawn about draw/pool of the time (chi-square, 9 degrees of freedom)', () => {
    const learners = 4000
    const counts = new Map(pool.map((id) => [id, 0]))
    for (let l = 0; l < learners; l++) {
      for (const id of rankPool(pool, 3, `learner-${l}`, 'final', 1).slice(0, 3)) counts.set(id, counts.get(id)! + 1)
    }
    const expected = (learners * 3) / pool.length
    const chi2 = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0)
    expect(chi2).toBeLessThan(27.88) // p = 0.001 for 9 degrees of freedom: a fair draw fails this once in a thousand seeds sets
  })

  it('a new attempt draws unseen questions first: 10 questions, 3 a time, every one seen by the fourth attempt', () => {
    const seen = new Set<string>()
    for (let attempt = 1; attempt <= 3; attempt++) {
      const drawn = rankPool(pool, 3, 'Seed01', 'final', attempt).slice(0, 3)
      for (const id of drawn) expect(seen.has(id)).toBe(false)
      drawn.forEach((id) => seen.add(id))
    }
    const fourth = rankPool(pool, 3, 'Seed01', 'final', 4).slice(0, 3)
    expect(fourth.filter((id) => !seen.has(id))).toHaveLength(1) // the one question never drawn comes first
  })
})

describe('packing digits', () => {
  it('round-trips mixed-radix digits, small values padded to the full length', () => {
    const radices = [20, 20, 20, 20, 20, 20, 20, 20, 20, 20]
    for (const digits of [radices.map(() => 0), radices.map((r) => r - 1), [3, 0, 19, 7, 0, 0, 1, 2, 5, 11]]) {
      const text = pack(digits, radices)
      expect(text).toHaveLength(packedLength(radices))
      expect(unpack(text, radices)).toEqual(digits)
    }
  })

  it('ten items in order need 4 characters, 36 choices 6, ten pairs with ten distractors 8', () => {
    expect(packedLength([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(4)
    expect(packedLength(Array(36).fill(2))).toBe(6)
    expect(packedLength(Array(10).fill(20))).toBe(8)
  })

  it('text that is not a packed value is refused', () => {
    expect(unpack('A', [2, 2])).toEqual([0, 0])
    expect(unpack('AA', [2, 2])).toBeNull() // wrong length
    expect(unpack('E', [2, 2])).toBeNull() // 4 is more than two bits hold
    expect(unpack('!', [2, 2])).toBeNull()
  })
})
