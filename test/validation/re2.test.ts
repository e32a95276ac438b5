import { re2Find } from '../../src/validation/re2';

describe('RE2 patterns (Go regexp semantics)', () => {
  test('re2Find: unanchored match, invalid patterns are errors', () => {
    expect(re2Find('^(?i)ab', 'ABc')).toBe(true);
    expect(re2Find('b$', 'abc')).toBe(false);
    expect(re2Find('(', 'x')).toEqual({ error: expect.stringContaining('missing closing )') });
  });
});
