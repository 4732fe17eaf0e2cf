// Base URLs and where the API key comes from (what may be printed of either: core/redact.ts).
import { redactUrl, registerSecret } from '../core/redact.js';

/**
 * Accepts `http://h:p`, `http://h:p/`, `http://h:p/v1`, `http://h:p/v1/` (or any other path prefix)
 * and returns it without a trailing slash, with `/v1` appended when the path is empty.
 */
export function normalizeBaseUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`base URL must be http(s), got ${parsed.protocol} in ${redactUrl(url)}`);
  }
  let path = parsed.pathname.replace(/\/+$/, '');
  if (path === '') path = '/v1';
  parsed.pathname = path;
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** CHATPROOF_API_KEY, then OPENAI_API_KEY; undefined when neither is set to something. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.CHATPROOF_API_KEY?.trim() || env.OPENAI_API_KEY?.trim();
  registerSecret(key || undefined);
  return key || undefined;
}
