// Map a data path back to a line and column of the YAML source.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';

export type PathSegment = string | number;

/** Where in the source a problem should point. */
export type Anchor =
  /** The value at the path (or, when the path does not exist, its nearest existing parent). */
  | 'value'
  /** The key of the last segment: for unknown keys and for problems about a key itself. */
  | 'key';

interface Located {
  node: Node | null;
  pair?: Pair;
  /** How many segments were found in the document. */
  depth: number;
}

function deref(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null) ?? null;
}

function walk(doc: Document, segments: readonly PathSegment[]): Located {
  let node = deref(doc, doc.contents);
  let pair: Pair | undefined;
  let depth = 0;
  for (const segment of segments) {
    if (isMap(node)) {
      const found = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!found) break;
      pair = found;
      node = deref(doc, found.value);
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      pair = undefined;
      node = deref(doc, node.items[segment]);
    } else {
      break;
    }
    depth++;
    if (!node) break;
  }
  return { node, pair, depth };
}

/** True when every segment of the path exists in the document. */
export function pathExists(doc: Document, segments: readonly PathSegment[]): boolean {
  const found = walk(doc, segments);
  return found.depth === segments.length && found.node !== null;
}

/** 1-based line and column for a path; the document start when nothing better is known. */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly PathSegment[],
  anchor: Anchor = 'value',
): { line: number; column: number } {
  const found = walk(doc, segments);
  let range: [number, number, number] | null | undefined;
  const complete = found.depth === segments.length;
  if (complete && anchor === 'key' && found.pair && isScalar(found.pair.key)) range = found.pair.key.range;
  // A key with an empty value (`user:`) has a value node without a useful range: point at the key.
  if (!range && found.node?.range && found.node.range[0] !== found.node.range[1]) range = found.node.range;
  if (!range && found.pair && isScalar(found.pair.key)) range = found.pair.key.range;
  if (!range) range = (doc.contents as Node | null)?.range;
  const position = lineCounter.linePos(range ? range[0] : 0);
  return { line: position.line, column: position.col };
}
