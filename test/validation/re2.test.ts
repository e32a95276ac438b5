import { re2Find, re2FindAll } from '../../src/validation/re2';

describe('RE2 find (Go regexp semantics)', () => {
  test('re2Find: unanchored match, invalid patterns are errors', () => {
    expect(re2Find('^(?i)ab', 'ABc')).toBe(true);
    expect(re2Find('b$', 'abc')).toBe(false);
    expect(re2Find('(', 'x')).toEqual({ error: expect.stringContaining('missing closing )') });
  });

  test.each([
    ['[0-9]+', '123 abc 456', -1, ['123', '456']],
    ['[0-9]+', '1 2 3 4', 2, ['1', '2']],
    ['[0-9]+', '1 2 3', 0, []],
    ['xyz', '123 abc 456', -1, []],
    // Leftmost-first, not leftmost-longest: the first alternative that matches wins.
    ['a|ab', 'ab', -1, ['a']],
    ['ab|a', 'ab', -1, ['ab']],
    ['a+?', 'aaa', -1, ['a', 'a', 'a']],
    ['a{2,3}', 'aaaaaaa', -1, ['aaa', 'aaa']],
    // Empty matches: none right after a match, one at every other position (FindAllString).
    ['[0-9]*', '123 abc 456', -1, ['123', '', '', '', '', '456']],
    ['a*', 'baaab', -1, ['', 'aaa', '']],
    ['', 'ab', -1, ['', '', '']],
    ['x*', '', -1, ['']],
    // Assertions see the text around the search position.
    ['^a', 'aaa', -1, ['a']],
    ['a$', 'aaa', -1, ['a']],
    ['\\bfoo\\b', 'foo foobar foo', -1, ['foo', 'foo']],
    ['(?m)^\\w+', 'ab\ncd', -1, ['ab', 'cd']],
    ['(?i)k8s', 'K8S k8s', -1, ['K8S', 'k8s']],
    // Code points, not UTF-16 units.
    ['.', '😀x', -1, ['😀', 'x']],
    ['[α-ω]+', 'abc αβγ', -1, ['αβγ']],
  ])('findAll(%j) in %j (limit %d)', (pattern, text, limit, expected) => {
    expect(re2FindAll(pattern, text, limit)).toEqual(expected);
  });

  test('findAll reports invalid patterns', () => {
    expect(re2FindAll('a(?=b)', 'ab')).toEqual({ error: expect.stringContaining('invalid or unsupported Perl syntax') });
  });
});
