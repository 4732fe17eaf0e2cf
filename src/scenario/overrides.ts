// `--set key=value` overrides, applied to the parsed YAML document before validation so that
// a bad value is caught by the same checks as a bad file.
import { type Document, isMap, isScalar, isSeq, parse as parseYaml } from 'yaml';
import { type PathSegment, pathExists } from './locate.js';
import { formatPath, type ScenarioProblem } from './problems.js';

export interface AppliedOverride {
  /** The flag as given, e.g. "--set params.temperature=0.2". */
  flag: string;
  segments: PathSegment[];
  /**
   * The shortest prefix of the path that the override created or replaced: problems at or
   * below it are the flag's fault, not the file's.
   */
  root: PathSegment[];
}

/**
 * "params.temperature" -> ["params", "temperature"]; "turns[2].user" and "turns.2.user" ->
 * ["turns", 2, "user"]. SLO keys contain dots themselves ("slo.e2e.p95"), so everything after
 * "slo." is one key.
 */
export function parseOverridePath(path: string): PathSegment[] {
  const head = /^slo\.(.+)$/.exec(path);
  if (head) return ['slo', head[1]];
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) segments.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
    if (!m[1] && !m[2]) return [];
  }
  return segments;
}

/** The value text read as YAML: "0.2" -> 0.2, "true" -> true, "[a, b]" -> ["a","b"], "hi" -> "hi". */
export function parseOverrideValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return text;
  }
}

function collectionAt(doc: Document, segments: PathSegment[]): unknown {
  return segments.length === 0 ? doc.contents : doc.getIn(segments, true);
}

/** Apply every override in order; problems for the ones that cannot be applied. */
export function applyOverrides(
  doc: Document,
  overrides: readonly string[],
): { applied: AppliedOverride[]; problems: ScenarioProblem[] } {
  const applied: AppliedOverride[] = [];
  const problems: ScenarioProblem[] = [];
  for (const raw of overrides) {
    const flag = `--set ${raw}`;
    const fail = (path: string, message: string) => problems.push({ file: flag, path, message });
    const eq = raw.indexOf('=');
    if (eq <= 0) {
      fail('', 'expected KEY=VALUE, e.g. --set params.temperature=0.2 or --set runs=5');
      continue;
    }
    const pathText = raw.slice(0, eq).trim();
    const segments = parseOverridePath(pathText);
    if (segments.length === 0) {
      fail('', `"${pathText}" is not a field path; expected dotted keys such as params.temperature or turns[2].user`);
      continue;
    }
    if (!isMap(doc.contents)) {
      fail(formatPath(segments), 'the scenario file has no top-level mapping to apply overrides to');
      continue;
    }
    let root: PathSegment[] | undefined;
    let blocked: string | undefined;
    for (let i = 1; i <= segments.length && !root; i++) {
      const parent = collectionAt(doc, segments.slice(0, i - 1));
      const parentName = formatPath(segments.slice(0, i - 1));
      const segment = segments[i - 1];
      if (isMap(parent)) {
        // Keys are matched as written: "facts.7.turn" names the key 7, which YAML reads as a number.
        const existing = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        segments[i - 1] = existing && isScalar(existing.key) ? (existing.key.value as PathSegment) : String(segment);
      } else if (isSeq(parent)) {
        if (typeof segment !== 'number')
          blocked = `${parentName} is a list, so it has no key "${segment}"; use an index such as ${parentName}[0]`;
        else if (segment >= parent.items.length)
          blocked = `item ${segment} does not exist; the list has ${parent.items.length} item(s), numbered from 0`;
      } else {
        blocked =
          `${parentName} is a single value, so it has no ${typeof segment === 'number' ? 'item' : 'key'} ` +
          `${JSON.stringify(segment)}`;
      }
      if (blocked) break;
      const prefix = segments.slice(0, i);
      if (!pathExists(doc, prefix) || i === segments.length) root = prefix;
    }
    if (blocked || !root) {
      fail(formatPath(segments), blocked ?? 'cannot be set');
      continue;
    }
    doc.setIn(segments, doc.createNode(parseOverrideValue(raw.slice(eq + 1).trim())));
    applied.push({ flag, segments, root });
  }
  return { applied, problems };
}

/** The override (last one wins) responsible for a problem at this path, if any. */
export function overrideFor(
  applied: readonly AppliedOverride[],
  segments: readonly PathSegment[],
): AppliedOverride | undefined {
  for (let i = applied.length - 1; i >= 0; i--) {
    const { root } = applied[i];
    if (root.length <= segments.length && root.every((s, k) => String(s) === String(segments[k]))) return applied[i];
  }
  return undefined;
}
