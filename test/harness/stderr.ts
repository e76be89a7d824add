/**
 * Runs `fn` and returns what it printed to stderr (warnings from `warn()`), without letting it
 * reach the test output.
 */
export function captureStderr<T>(fn: () => T): { result: T; printed: string } {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const result = fn();
    return { result, printed: stderr.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    stderr.mockRestore();
  }
}
