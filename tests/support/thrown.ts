/**
 * The error a call throws, for tests that read its fields: an instance of
 * `type`, or the test fails (nothing thrown, or an error of another kind,
 * which is thrown on as it was).
 */
export function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
