/**
 * What the library's `warn` prints (to stderr) while `fn` runs, for asserting on warnings without
 * printing them.
 */
export function captureWarnings(fn: () => void): string {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fn();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}
