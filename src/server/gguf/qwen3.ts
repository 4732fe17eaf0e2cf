// Writes a `qwen3`-architecture GGUF with seeded random weights, the byte-level vocabulary and the
// official Qwen3 chat template: a model that loads, templates, tokenises, batches and streams like
// Qwen3 (its text is gibberish), produced in milliseconds with no download.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom as prng } from '../../core/random.js';
import { QWEN3_CHAT_TEMPLATE } from './qwen3-template.js';
import { buildVocabulary, bytesToUnicode } from './vocab.js';
import { type MetadataValue, type TensorSpec, writeGguf } from './writer.js';

export interface Qwen3GgufOptions {
  path: string;
  seed?: number;
  nEmbd?: number;
  nLayer?: number;
  nHead?: number;
  nKvHead?: number;
  headDim?: number;
  nFf?: number;
  contextLength?: number;
  name?: string;
  /**
   * A scripted model instead of a random one: greedy decoding (temperature 0) writes exactly
   * these tokens (vocabulary texts, e.g. ['<think>', 'h', 'm', '</think>', 'O', 'K', '<|im_end|>'])
   * after any prompt. For end-to-end tests of what random text never shows (thinking).
   */
  script?: readonly string[];
}

export type GeneratedModelKind = 'tiny' | 'medium';

/** tiny: plumbing tests (~0.2 M params). medium: ~25 M params, where prompt evaluation costs. */
export const GENERATED_MODELS: Record<GeneratedModelKind, Omit<Qwen3GgufOptions, 'path'>> = {
  tiny: { seed: 1, nEmbd: 64, nLayer: 2, nHead: 4, nKvHead: 2, headDim: 16, nFf: 128 },
  medium: { seed: 2, nEmbd: 512, nLayer: 8, nHead: 8, nKvHead: 4, headDim: 64, nFf: 1536 },
};

export async function generateQwen3Gguf(options: Qwen3GgufOptions): Promise<{ bytes: number; parameters: number }> {
  const { path, seed = 1, nEmbd = 64, nLayer = 2, nHead = 4, nKvHead = 2, nFf = 128 } = options;
  const headDim = options.headDim ?? nEmbd / nHead;
  const contextLength = options.contextLength ?? 32768;
  const vocab = buildVocabulary();
  const nVocab = vocab.tokens.length;
  const random = prng(seed);
  // Uniform in [-s, s] with s = sqrt(3/fan_in): unit-variance activations, like a fresh init.
  const uniform = (fanIn: number) => (out: Float32Array) => {
    const s = Math.sqrt(3 / fanIn);
    for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * s;
  };
  const ones = (out: Float32Array) => out.fill(1);
  const metadata: Record<string, MetadataValue> = {
    'general.architecture': { type: 'string', value: 'qwen3' },
    'general.name': { type: 'string', value: options.name ?? 'chatproof-generated-qwen3' },
    'general.alignment': { type: 'u32', value: 32 },
    'qwen3.context_length': { type: 'u32', value: contextLength },
    'qwen3.embedding_length': { type: 'u32', value: nEmbd },
    'qwen3.block_count': { type: 'u32', value: nLayer },
    'qwen3.feed_forward_length': { type: 'u32', value: nFf },
    'qwen3.attention.head_count': { type: 'u32', value: nHead },
    'qwen3.attention.head_count_kv': { type: 'u32', value: nKvHead },
    'qwen3.attention.key_length': { type: 'u32', value: headDim },
    'qwen3.attention.value_length': { type: 'u32', value: headDim },
    'qwen3.rope.freq_base': { type: 'f32', value: 1_000_000 },
    'qwen3.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-6 },
    'tokenizer.ggml.model': { type: 'string', value: 'gpt2' },
    'tokenizer.ggml.pre': { type: 'string', value: 'qwen2' },
    'tokenizer.ggml.tokens': { type: 'string[]', value: vocab.tokens },
    'tokenizer.ggml.token_type': { type: 'i32[]', value: vocab.types },
    'tokenizer.ggml.merges': { type: 'string[]', value: vocab.merges },
    // As in Qwen's own GGUFs: <|im_end|> ends a turn, <|endoftext|> pads, no BOS is added.
    'tokenizer.ggml.eos_token_id': { type: 'u32', value: vocab.ids.imEnd },
    'tokenizer.ggml.padding_token_id': { type: 'u32', value: vocab.ids.endOfText },
    'tokenizer.ggml.bos_token_id': { type: 'u32', value: vocab.ids.endOfText },
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: false },
    'tokenizer.chat_template': { type: 'string', value: QWEN3_CHAT_TEMPLATE },
  };
  // The output head gets wide logits (std ~4) and all-zero rows for the special tokens: their
  // logit is then 0 against a spread of random ones, so a random model (almost) never ends its
  // turn or opens <think> by itself and max_tokens decides reply lengths, keeping tests stable.
  // Single-byte tokens that are not printable ASCII (control bytes, UTF-8 lead and continuation
  // bytes) get zero rows too: alone they are not text, so replies stay readable text (merged CJK
  // pieces are whole characters and keep their rows).
  const firstSpecial = vocab.tokens.length - vocab.specialCount;
  const silenced = vocab.tokens.map((text, token) => token >= firstSpecial || !isWholeText(text));
  const silent = (token: number): boolean => silenced[token]!;
  const outputHead = (out: Float32Array): void => {
    const s = 4 * Math.sqrt(3 / nEmbd);
    for (let i = 0; i < out.length; i++) out[i] = silent(Math.floor(i / nEmbd)) ? 0 : (random() * 2 - 1) * s;
  };
  const scripted =
    options.script === undefined ? undefined : scriptedWeights(options.script, vocab.tokens, nEmbd, random);
  const zeros = (out: Float32Array) => out.fill(0);
  // Dims fastest-varying first.
  const tensors: TensorSpec[] = [
    {
      name: 'token_embd.weight',
      dims: [nEmbd, nVocab],
      fill: scripted ? (out) => out.set(scripted.embeddings) : uniform(nEmbd),
    },
    { name: 'output_norm.weight', dims: [nEmbd], fill: ones },
    { name: 'output.weight', dims: [nEmbd, nVocab], fill: scripted ? (out) => out.set(scripted.output) : outputHead },
  ];
  for (let i = 0; i < nLayer; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [nEmbd], fill: ones },
      { name: `${p}attn_q.weight`, dims: [nEmbd, nHead * headDim], fill: uniform(nEmbd) },
      { name: `${p}attn_k.weight`, dims: [nEmbd, nKvHead * headDim], fill: uniform(nEmbd) },
      { name: `${p}attn_v.weight`, dims: [nEmbd, nKvHead * headDim], fill: uniform(nEmbd) },
      // Scripted: the blocks add nothing, so the last position's state is its token's embedding.
      {
        name: `${p}attn_output.weight`,
        dims: [nHead * headDim, nEmbd],
        fill: scripted ? zeros : uniform(nHead * headDim),
      },
      { name: `${p}attn_q_norm.weight`, dims: [headDim], fill: ones },
      { name: `${p}attn_k_norm.weight`, dims: [headDim], fill: ones },
      { name: `${p}ffn_norm.weight`, dims: [nEmbd], fill: ones },
      { name: `${p}ffn_gate.weight`, dims: [nEmbd, nFf], fill: uniform(nEmbd) },
      { name: `${p}ffn_up.weight`, dims: [nEmbd, nFf], fill: uniform(nEmbd) },
      { name: `${p}ffn_down.weight`, dims: [nFf, nEmbd], fill: scripted ? zeros : uniform(nFf) },
    );
  }
  return writeGguf(path, metadata, tensors);
}

const byteOf = new Map(bytesToUnicode().map((char, byte) => [char, byte]));

/** A token that decodes to complete UTF-8 with no control character but the newline. */
function isWholeText(tokenText: string): boolean {
  const bytes = [...tokenText].map((char) => byteOf.get(char));
  if (bytes.some((b) => b === undefined)) return false;
  const text = Buffer.from(bytes as number[]).toString('utf8');
  return !/[\uFFFD\u0000-\u0009\u000B-\u001F\u007F-\u009F]/.test(text);
}

/**
 * Weights of a next-token table: every embedding has 1 in dimension 0 and random values elsewhere;
 * the script's first token scores 10 (dimension 0) after any token, and each script token's
 * successor scores |e[1..]|^2 (~21 at 64 dims) after it, against ~N(0, 2.6) for unrelated pairs.
 */
function scriptedWeights(
  script: readonly string[],
  tokens: readonly string[],
  nEmbd: number,
  random: () => number,
): { embeddings: Float32Array; output: Float32Array } {
  const ids = script.map((text) => {
    const id = tokens.indexOf(text);
    if (id === -1) throw new Error(`script token "${text}" is not in the generated vocabulary`);
    return id;
  });
  if (new Set(ids).size !== ids.length) throw new Error('script tokens must be distinct (each has one successor)');
  const embeddings = new Float32Array(nEmbd * tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    embeddings[t * nEmbd] = 1;
    for (let d = 1; d < nEmbd; d++) embeddings[t * nEmbd + d] = random() * 2 - 1;
  }
  const output = new Float32Array(nEmbd * tokens.length);
  output[ids[0]! * nEmbd] = 10;
  for (let k = 0; k + 1 < ids.length; k++) {
    const from = ids[k]! * nEmbd;
    const to = ids[k + 1]! * nEmbd;
    for (let d = 1; d < nEmbd; d++) output[to + d] = embeddings[from + d]!;
  }
  return { embeddings, output };
}

/** Bumped when the generator's output changes, so stale cached files are rewritten. */
const GENERATOR_VERSION = 3;
const generatedName = (kind: GeneratedModelKind): string => `chatproof-${kind}-qwen3-v${GENERATOR_VERSION}`;

/** True when the file exists and was written by this generator version (its general.name). */
async function isCurrent(path: string, kind: GeneratedModelKind): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).includes(generatedName(kind));
  } finally {
    await file.close();
  }
}

/** fixtures/models at the repository root, where generated models are cached (git-ignored). */
export function defaultModelsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/models');
}

export function generatedModelPath(kind: GeneratedModelKind, modelsDir = defaultModelsDir()): string {
  return join(modelsDir, `${kind}-qwen3.gguf`);
}

/**
 * Returns the path of the generated model of this kind, writing it first when missing. Writes go
 * to a unique temporary name then rename, so parallel test processes never read a half file.
 */
export async function ensureGeneratedModel(kind: GeneratedModelKind, modelsDir = defaultModelsDir()): Promise<string> {
  const path = generatedModelPath(kind, modelsDir);
  if (await isCurrent(path, kind)) return path;
  await mkdir(modelsDir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await generateQwen3Gguf({ path: tmp, name: generatedName(kind), ...GENERATED_MODELS[kind] });
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return path;
}
