/**
 * Points in the plan are multiples of 0.5. Scores are summed as whole half-points (points × 2) so that the
 * arithmetic is exact integer arithmetic; 0.1-style float drift cannot occur, and 7 × 0.5 is 3.5.
 */
export type HalfPoints = number;

/** Converts points to half-points; throws if the value is not a multiple of 0.5 (a rubric that escaped validation). */
export function toHalfPoints(points: number): HalfPoints {
  const half = points * 2;
  if (!Number.isSafeInteger(half)) throw new RangeError(`${points} is not a multiple of 0.5`);
  return half;
}

/** Converts back; exact, because every integer below 2^53 halved is representable. */
export function fromHalfPoints(half: HalfPoints): number {
  return half / 2;
}

/** True when the value is a finite multiple of 0.5. */
export function isHalfPoint(points: number): boolean {
  return Number.isSafeInteger(points * 2);
}
