// The regular expressions of `regex:` checks, compiled by RE2 (the re2js port): matching time
// is linear in the reply's length whatever the pattern, so no pattern can hang a run the way a
// backtracking engine does on `^(\w+\s?)*!$`. The price is RE2's syntax: no lookaround and no
// backreferences. JavaScript spellings RE2 lacks are translated first: `\uXXXX` and `\u{X}` to
// `\x{X}`, `\p{Script=Han}` to `\p{Han}`. Scenario validation and the check both compile here,
// so a pattern that loads is a pattern that runs.
import { RE2JS } from 're2js';

export type CompiledPattern = RE2JS;

// A backslash escape is real only after an even number of backslashes.
const UNICODE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/g;
const SCRIPT_PROPERTY = /(?<!\\)((?:\\\\)*)\\([pP])\{(?:Script|sc|Script_Extensions|scx)=([A-Za-z_]+)\}/g;

export function toRe2Syntax(pattern: string): string {
  return pattern
    .replace(UNICODE_ESCAPE, (_, slashes: string, braced?: string, four?: string) => `${slashes}\\x{${braced ?? four}}`)
    .replace(SCRIPT_PROPERTY, (_, slashes: string, p: string, script: string) => `${slashes}\\${p}{${script}}`);
}

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/** Flags a check may use: i, m, s (u is implied: RE2 always matches code points). */
export const PATTERN_FLAGS = Object.keys(FLAG_BITS);

/** Compile a check pattern; throws an Error whose message says what RE2 refused. */
export function compilePattern(pattern: string, flags = ''): CompiledPattern {
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag] ?? 0;
  try {
    return RE2JS.compile(toRe2Syntax(pattern), bits);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /\(\?[=!<]|\\[1-9]/.test(pattern)
      ? ' (lookaround and backreferences are not supported: RE2 matches in linear time)'
      : '';
    throw new Error(`${reason}${hint}`);
  }
}

/** The first match as UTF-16 offsets, or null. */
export function findPattern(compiled: CompiledPattern, text: string): { start: number; end: number } | null {
  const matcher = compiled.matcher(text);
  return matcher.find() ? { start: matcher.start(), end: matcher.end() } : null;
}
