// `npm run build`: compiles src/ into dist/ (JavaScript and type declarations) and copies the
// files the compiled code reads at run time that are not TypeScript (the report page's script).
// The package ships dist/; the repository's own scripts run the sources through tsx.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ASSETS = ['report/html/client/runtime.js'];

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
for (const asset of ASSETS) cpSync(path.join(root, 'src', asset), path.join(root, 'dist', asset));
