// `npm run lint` part: no line of the project's own source longer than 120 characters (code
// points, so a line of Chinese counts as many characters as it shows). Generated files are
// left out: the embedded WebAssembly binary is one base64 line by design, and Qwen3's chat
// template is kept byte for byte as the model ships it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
const GENERATED = new Set(['src/client/wasm/scan-wasm.ts', 'src/server/gguf/qwen3-template.ts']);

const tracked = ['src', 'test', 'bench', 'fixtures', 'scripts', 'bin'];
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', ...tracked], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !GENERATED.has(f));

const long: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed but deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    const length = [...line].length;
    if (length > LIMIT) long.push(`${file}:${i + 1}: ${length} characters`);
  });
}
if (long.length > 0) {
  process.stderr.write(`${long.length} line(s) over ${LIMIT} characters:\n${long.join('\n')}\n`);
  process.exitCode = 1;
}
