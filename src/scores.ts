// Scores and passing scores between the course's 0–100 and the scaled 0–1 of SCORM 2004
// (scaled_passing_score, minNormalizedMeasure), xAPI and cmi5 (masteryScore): one rounding for all,
// so the compiler's manifests and the player's statements agree on the threshold.

/** 0–100 as scaled 0–1, clamped, at most 4 decimals. */
export const scaledScore = (percent: number): number => Math.round(Math.max(0, Math.min(100, percent)) * 100) / 10000

/** Scaled 0–1 (an LMS's masteryScore, an author's fraction) as 0–100 with at most 2 decimals. */
export const percentScore = (scaled: number): number => Math.round(scaled * 10000) / 100
