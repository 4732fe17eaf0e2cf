#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the package needs no build step.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

register('tsx/esm', pathToFileURL('./'));
const here = path.dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(path.join(here, '..', 'src', 'cli', 'main.ts')).href);
