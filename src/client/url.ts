// Base URLs, what may be printed of them, and where the API key comes from.

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

const SECRET_PARAM = /key|token|secret|password|auth|sig/i;

/** For logs and reports: no userinfo, no key-like query parameters. Never throws. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: still hide anything that looks like userinfo.
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.delete(name);
  }
  return parsed.toString();
}

/** CHATPROOF_API_KEY, then OPENAI_API_KEY; undefined when neither is set to something. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.CHATPROOF_API_KEY?.trim() || env.OPENAI_API_KEY?.trim();
  return key || undefined;
}

/** Removes every occurrence of the key (and bearer-looking tokens) from a text shown to people. */
export function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]');
}
