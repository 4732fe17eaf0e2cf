#!/usr/bin/env node
// The installed command: the compiled JavaScript in dist/ (npm run build; `npm pack` builds it).
// In a checkout without dist/, the TypeScript sources run through tsx (a devDependency).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
