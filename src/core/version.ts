// The harness version recorded in every results.json, read from package.json once.
import { readFileSync } from 'node:fs';

export const HARNESS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
