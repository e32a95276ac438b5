// Kubernetes checks `pattern` with Go's regexp package (RE2 syntax: `(?i)` inline flags, no
// lookaround or backreferences), so patterns are compiled by an RE2 engine, not by JS RegExp.
// The same engine (@bufbuild/re2, which the CEL engine's matches() uses) parses and compiles the
// patterns of the CEL regex library's find() and findAll(); that engine only answers whether
// there is a match, so the match positions are found here by running its compiled program in a
// Pike VM with Go's leftmost-first semantics (regexp.FindString, regexp.FindAllString).
import type { RE2JS } from '@bufbuild/re2';

type Compiled = { ok: true; re: RE2JS } | { ok: false; error: string };
const cache = new Map<string, Compiled>();
let engine: typeof RE2JS | undefined;

function compile(pattern: string): Compiled {
  let hit = cache.get(pattern);
  if (!hit) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine ??= (require('@bufbuild/re2') as typeof import('@bufbuild/re2')).RE2JS;
    try {
      hit = { ok: true, re: engine.compile(pattern) };
    } catch (e) {
      hit = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    cache.set(pattern, hit);
  }
  return hit;
}

/**
 * Whether `text` contains a match of the RE2 `pattern` (Go's regexp.MatchString: unanchored).
 * Returns an error message when the pattern is not valid RE2.
 */
export function re2Find(pattern: string, text: string): boolean | { error: string } {
  const c = compile(pattern);
  return c.ok ? c.re.test(text) : { error: c.error };
}

/**
 * The successive non-overlapping matches of the RE2 `pattern` in `text`, at most `limit` of them
 * when `limit` >= 0 (Go's regexp.FindAllString: an empty match right after a match is ignored).
 * Returns an error message when the pattern is not valid RE2.
 */
export function re2FindAll(pattern: string, text: string, limit = -1): string[] | { error: string } {
  const c = compile(pattern);
  if (!c.ok) return { error: c.error };
  const prog = c.re.re2Input.prog as unknown as Prog;
  const out: string[] = [];
  const n = limit < 0 ? text.length + 1 : limit;
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < n && pos <= text.length) {
    const m = leftmostFirst(prog, text, pos);
    if (!m) break;
    let accept = true;
    if (m[1] === pos) {
      // An empty match: none is allowed right after the previous match; move on one character.
      if (m[0] === prevMatchEnd) accept = false;
      pos += pos < text.length ? charWidth(text, pos) : 1;
    } else {
      pos = m[1];
    }
    prevMatchEnd = m[1];
    if (accept) out.push(text.slice(m[0], m[1]));
  }
  return out;
}

// The compiled program of @bufbuild/re2 (a port of RE2/J's Prog and Inst), as far as used here.
interface Inst {
  readonly op: number;
  readonly out: number;
  readonly arg: number;
  matchRune(r: number): boolean;
}
interface Prog {
  readonly inst: readonly Inst[];
  readonly start: number;
}

// Inst opcodes and EMPTY_WIDTH conditions (the constants of @bufbuild/re2 0.6's Inst and Utils).
const ALT = 1;
const ALT_MATCH = 2;
const CAPTURE = 3;
const EMPTY_WIDTH = 4;
const MATCH = 6;
const NOP = 7;
const RUNE = 8;
const RUNE_ANY_NOT_NL = 11;
const EMPTY_BEGIN_LINE = 0x01;
const EMPTY_END_LINE = 0x02;
const EMPTY_BEGIN_TEXT = 0x04;
const EMPTY_END_TEXT = 0x08;
const EMPTY_WORD_BOUNDARY = 0x10;
const EMPTY_NO_WORD_BOUNDARY = 0x20;

function charWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** The code point at `i`, or -1 at the end of the text. */
function runeAt(text: string, i: number): number {
  return i < text.length ? (text.codePointAt(i) as number) : -1;
}

/** The code point before `i`, or -1 at the start of the text. */
function runeBefore(text: string, i: number): number {
  if (i <= 0) return -1;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return text.codePointAt(i - 2) as number;
  }
  return c;
}

function isWordRune(r: number): boolean {
  return (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || (r >= 0x30 && r <= 0x39) || r === 0x5f;
}

/** The zero-width assertions that hold between runes r1 and r2 (Go's syntax.EmptyOpContext). */
function emptyOpContext(r1: number, r2: number): number {
  let op = 0;
  if (r1 < 0) op |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  if (r1 === 0x0a) op |= EMPTY_BEGIN_LINE;
  if (r2 < 0) op |= EMPTY_END_TEXT | EMPTY_END_LINE;
  if (r2 === 0x0a) op |= EMPTY_END_LINE;
  op |= isWordRune(r1) !== isWordRune(r2) ? EMPTY_WORD_BOUNDARY : EMPTY_NO_WORD_BOUNDARY;
  return op;
}

/** A thread of the Pike VM: an instruction and where its match started. */
interface Thread {
  readonly pc: number;
  readonly start: number;
}

/**
 * The leftmost-first match of the program at or after `from` (Go's regexp machine.match): threads
 * are kept in priority order, and once a thread matches the lower-priority ones are cut off.
 */
function leftmostFirst(prog: Prog, text: string, from: number): [number, number] | undefined {
  let run: Thread[] = [];
  let next: Thread[] = [];
  let onRun = new Set<number>();
  let onNext = new Set<number>();
  let matched: [number, number] | undefined;
  const add = (list: Thread[], on: Set<number>, pc: number, start: number, context: number): void => {
    if (on.has(pc)) return;
    on.add(pc);
    const inst = prog.inst[pc];
    switch (inst.op) {
      case ALT:
      case ALT_MATCH:
        add(list, on, inst.out, start, context);
        add(list, on, inst.arg, start, context);
        return;
      case NOP:
      case CAPTURE:
        add(list, on, inst.out, start, context);
        return;
      case EMPTY_WIDTH:
        if ((inst.arg & ~context) === 0) add(list, on, inst.out, start, context);
        return;
      default:
        // MATCH and the rune instructions wait for the step; FAIL never matches.
        if (inst.op === MATCH || (inst.op >= RUNE && inst.op <= RUNE_ANY_NOT_NL)) list.push({ pc, start });
        return;
    }
  };
  let pos = from;
  for (;;) {
    if (run.length === 0 && matched) break;
    const r = runeAt(text, pos);
    if (!matched) add(run, onRun, prog.start, pos, emptyOpContext(runeBefore(text, pos), r));
    const width = r < 0 ? 0 : r > 0xffff ? 2 : 1;
    const nextContext = emptyOpContext(r, runeAt(text, pos + width));
    for (const t of run) {
      const inst = prog.inst[t.pc];
      if (inst.op === MATCH) {
        matched = [t.start, pos];
        break; // leftmost-first: the threads after this one have lower priority
      }
      if (r >= 0 && inst.matchRune(r)) add(next, onNext, inst.out, t.start, nextContext);
    }
    if (width === 0) break;
    pos += width;
    [run, next] = [next, run];
    [onRun, onNext] = [onNext, onRun];
    next.length = 0;
    onNext.clear();
  }
  return matched;
}
