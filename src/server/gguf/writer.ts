// A minimal GGUF v3 writer: enough to emit a loadable model from our own code, so tests and
// benchmarks need no download. Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
import { open } from 'node:fs/promises';

/** GGUF metadata value types (gguf.md "gguf_metadata_value_type"). */
enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

export type MetadataValue =
  | { type: 'u32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: string[] }
  | { type: 'i32[]'; value: number[] };

export interface TensorSpec {
  name: string;
  /** Fastest-varying dimension first, as ggml lists them. */
  dims: number[];
  /** Fills the tensor's F32 data; called once, when the tensor is written. */
  fill: (out: Float32Array) => void;
}

const ALIGNMENT = 32;

/** Growable little-endian byte buffer for the header. */
class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  push(buf: Buffer): void {
    this.chunks.push(buf);
    this.length += buf.length;
  }
  u32(v: number): void {
    this.scalar(4, (b) => b.writeUInt32LE(v));
  }
  i32(v: number): void {
    this.scalar(4, (b) => b.writeInt32LE(v));
  }
  u64(v: number): void {
    this.scalar(8, (b) => b.writeBigUInt64LE(BigInt(v)));
  }
  f32(v: number): void {
    this.scalar(4, (b) => b.writeFloatLE(v));
  }
  /** One little-endian scalar of `bytes` bytes. */
  private scalar(bytes: number, write: (b: Buffer) => unknown): void {
    const b = Buffer.alloc(bytes);
    write(b);
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(sink: ByteSink, v: MetadataValue): void {
  switch (v.type) {
    case 'u32':
      sink.u32(ValueType.UINT32);
      sink.u32(v.value);
      return;
    case 'f32':
      sink.u32(ValueType.FLOAT32);
      sink.f32(v.value);
      return;
    case 'bool':
      sink.u32(ValueType.BOOL);
      sink.push(Buffer.from([v.value ? 1 : 0]));
      return;
    case 'string':
      sink.u32(ValueType.STRING);
      sink.str(v.value);
      return;
    case 'string[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.STRING);
      sink.u64(v.value.length);
      for (const s of v.value) sink.str(s);
      return;
    case 'i32[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.INT32);
      sink.u64(v.value.length);
      for (const n of v.value) sink.i32(n);
      return;
  }
}

const alignUp = (n: number): number => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/**
 * Writes a GGUF v3 file with F32 tensors. Tensors are generated and written one at a time so a
 * ~100 MB model never sits in memory whole.
 */
export async function writeGguf(
  path: string,
  metadata: Record<string, MetadataValue>,
  tensors: TensorSpec[],
): Promise<{ bytes: number; parameters: number }> {
  const header = new ByteSink();
  header.push(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    header.str(key);
    writeValue(header, value);
  }
  // Every tensor offset (relative to the data section) must be a multiple of the alignment.
  let offset = 0;
  const offsets: number[] = [];
  let parameters = 0;
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    parameters += count;
    offsets.push(offset);
    header.str(t.name);
    header.u32(t.dims.length);
    for (const d of t.dims) header.u64(d);
    header.u32(0); // GGML_TYPE_F32
    header.u64(offset);
    offset = alignUp(offset + count * 4);
  }
  const headerBuf = header.toBuffer();
  const dataStart = alignUp(headerBuf.length);
  const file = await open(path, 'w');
  try {
    await file.write(headerBuf, 0, headerBuf.length, 0);
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i]!;
      const data = new Float32Array(t.dims.reduce((a, b) => a * b, 1));
      t.fill(data);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      await file.write(bytes, 0, bytes.length, dataStart + offsets[i]!);
    }
    // Pad the last tensor so the file length matches its aligned size.
    const end = dataStart + offset;
    await file.truncate(end);
    return { bytes: end, parameters };
  } finally {
    await file.close();
  }
}
