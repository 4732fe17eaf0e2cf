// A small byte-level BPE vocabulary in the GPT-2/Qwen style: 256 byte tokens (so any UTF-8 text,
// ASCII or CJK, tokenises), merges for frequent English pieces and common CJK characters (so the
// merge path of the tokenizer is exercised too), then Qwen3's special tokens.

/** GPT-2's byte -> printable-unicode map, which byte-level BPE vocabularies are written in. */
export function bytesToUnicode(): string[] {
  const keep: number[] = [];
  for (let b = 33; b <= 126; b++) keep.push(b);
  for (let b = 161; b <= 172; b++) keep.push(b);
  for (let b = 174; b <= 255; b++) keep.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    map[b] = keep.includes(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + extra++);
  }
  return map;
}

/** Pieces that get merge rules: each is built left to right from its bytes. */
const MERGED_PIECES = [
  ' the',
  ' and',
  ' to',
  ' of',
  ' a',
  ' in',
  ' is',
  ' you',
  ' that',
  ' it',
  ' for',
  ' on',
  ' with',
  ' my',
  ' your',
  ' what',
  ' name',
  ' remember',
  ' do',
  ' I',
  ' me',
  ' are',
  ' was',
  'ing',
  'ed',
  'er',
  'Hello',
  ' hello',
  ' Hi',
  ' please',
  ' thanks',
  ' film',
  ' favourite',
  ' question',
  ' answer',
  ' yes',
  ' no',
  '\n\n',
  '我',
  '你',
  '的',
  '是',
  '了',
  '不',
  '在',
  '有',
  '这',
  '个',
  '么',
  '好',
  '吗',
  '电影',
  '记得',
  '名字',
];

/** Qwen3's special tokens, with llama.cpp token types: 3 = control, 4 = user-defined. */
export const SPECIAL_TOKENS: Array<{ text: string; type: 3 | 4 }> = [
  { text: '<|endoftext|>', type: 3 },
  { text: '<|im_start|>', type: 3 },
  { text: '<|im_end|>', type: 3 },
  { text: '<think>', type: 4 },
  { text: '</think>', type: 4 },
  { text: '<tool_call>', type: 4 },
  { text: '</tool_call>', type: 4 },
  { text: '<tool_response>', type: 4 },
  { text: '</tool_response>', type: 4 },
];

export interface Vocabulary {
  tokens: string[];
  /** llama.cpp token types: 1 normal, 3 control, 4 user-defined. */
  types: number[];
  /** "left right" pairs in rank order, written in the byte-to-unicode alphabet. */
  merges: string[];
  ids: { endOfText: number; imStart: number; imEnd: number };
  /** The special tokens come last, this many. */
  specialCount: number;
}

export function buildVocabulary(): Vocabulary {
  const byteChar = bytesToUnicode();
  const tokens = [...byteChar];
  const known = new Set(tokens);
  const merges: string[] = [];
  for (const piece of MERGED_PIECES) {
    const chars = [...Buffer.from(piece, 'utf8')].map((b) => byteChar[b]!);
    let acc = chars[0]!;
    for (const next of chars.slice(1)) {
      const merged = acc + next;
      if (!known.has(merged)) {
        merges.push(`${acc} ${next}`);
        tokens.push(merged);
        known.add(merged);
      }
      acc = merged;
    }
  }
  const types = tokens.map(() => 1);
  for (const special of SPECIAL_TOKENS) {
    tokens.push(special.text);
    types.push(special.type);
  }
  const id = (text: string): number => tokens.indexOf(text);
  return {
    tokens,
    types,
    merges,
    ids: { endOfText: id('<|endoftext|>'), imStart: id('<|im_start|>'), imEnd: id('<|im_end|>') },
    specialCount: SPECIAL_TOKENS.length,
  };
}
