/**
 * What code under test prints to stderr (the library's warnings, the check pack's findings),
 * captured instead of reaching the test output.
 */

/** `fn`'s result or the error it threw, and what it printed to stderr meanwhile. */
export function captureOutcome<T>(fn: () => T): { result?: T; error?: Error; printed: string } {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const printed = () => stderr.mock.calls.map((c) => String(c[0])).join('');
  try {
    const result = fn();
    return { result, printed: printed() };
  } catch (error) {
    return { error: error as Error, printed: printed() };
  } finally {
    stderr.mockRestore();
  }
}

/** Runs `fn` (its errors propagate) and returns its result and what it printed to stderr. */
export function captureStderr<T>(fn: () => T): { result: T; printed: string } {
  const outcome = captureOutcome(fn);
  if (outcome.error) throw outcome.error;
  return { result: outcome.result as T, printed: outcome.printed };
}

/** What `fn` printed to stderr (warnings from `warn()`). */
export function captureWarnings(fn: () => void): string {
  return captureStderr(fn).printed;
}
