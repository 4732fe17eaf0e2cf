// Text format to binary with wabt (a devDependency: only the build script and its test use it).
import { readFileSync } from 'node:fs';

export async function assembleWat(file: string): Promise<Uint8Array> {
  const { default: wabt } = await import('wabt');
  const w = await wabt();
  const module = w.parseWat(file, readFileSync(file, 'utf8'));
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
