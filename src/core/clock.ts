/** Time comes from here so that tests can move it; never call Date.now() in rules. */
export type Clock = { now(): number };
export const systemClock: Clock = { now: () => Date.now() };

export function fakeClock(
  start = Date.UTC(2026, 10, 30, 9, 0, 0),
): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}
