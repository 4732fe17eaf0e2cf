// The one redaction: every string that leaves the process (turns.jsonl, results.json, reports,
// JUnit, the terminal) passes through here when it may carry a credential. It hides
//   - values registered as secrets (the API key, passwords from URLs), wherever they appear;
//   - user:password@ in URLs;
//   - the values of secret-looking query parameters and key=value / "key": "value" pairs;
//   - bearer and basic credentials ("Bearer abc", "Authorization: Basic ..."), Cookie headers;
//   - keys recognisable by their shape (sk-..., hf_..., ghp_..., AKIA..., JWTs).
// A secret's name is matched loosely on purpose: hiding a harmless value costs little, leaking
// a key costs a lot.

const MASK = '[redacted]';

/** Parameter, header and option names whose values are credentials. */
const SECRET_NAME = /key|token|secret|sig|pass|pwd|auth|credential|session|bearer|cookie|^code$|jwt|otp/i;

const registered = new Set<string>();

/** Hide this value wherever it appears from now on (values shorter than 4 characters are not). */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 4) registered.add(value);
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A URL fit for any output: no user:password, secret-looking query values replaced. Never throws. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactText(raw);
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (isSecretName(name)) url.searchParams.set(name, MASK);
  }
  return redactText(url.toString().replace(/%5Bredacted%5D/g, MASK));
}

// name=value in query strings, form bodies and logs; "name": "value" in JSON; name: value in
// headers, only for header- or field-like names (x-api-key, api_key): "HTTP 401: ..." or "see
// http://host/?api_key=..." are prose, and a colon pair must not swallow the URL after it.
const PAIR = /([A-Za-z0-9_.-]*)(=|"\s*:\s*")([^\s&"',;}<>]+)/g;
const HEADER_PAIR = /([A-Za-z0-9.]*[-_][A-Za-z0-9_.-]*)(:\s*)([^\s&"',;}<>]+)/g;
// Credentials recognisable by their shape alone, wherever they appear (OpenAI, Anthropic, Hugging
// Face, GitHub, Slack, AWS access key ids, JWTs).
const KEY_SHAPES = new RegExp(
  [
    'sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}',
    'hf_[A-Za-z0-9]{20,}',
    'gh[pousr]_[A-Za-z0-9]{20,}',
    'xox[abpr]-[A-Za-z0-9-]{10,}',
    'AKIA[0-9A-Z]{16}',
    'eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}',
  ]
    .map((shape) => `\\b${shape}`)
    .join('|'),
  'g',
);
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/|(?:^|(?<=[\s"'(=]))\/\/)[^/@\s"']*@/gi;
const AUTH_HEADER = /\b((?:proxy-)?authorization)(\s*[:=]\s*)(?:(?:bearer|basic|digest|token)\s+)?[^\s"',;]+/gi;
// A Cookie header's pairs are session credentials whatever their names ("sid", "JSESSIONID").
const COOKIE_HEADER = /\b((?:set-)?cookie)(\s*:\s*)[^\r\n"']+/gi;
const BEARER = /\b(bearer)(\s+)[^\s"',;]+/gi;

/** Free text (an error body, a log line) with every credential it may carry hidden. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join(MASK);
  out = out.replace(USERINFO, '$1');
  out = out.replace(AUTH_HEADER, `$1$2${MASK}`);
  out = out.replace(BEARER, (m, scheme: string, space: string) => (m.endsWith(MASK) ? m : `${scheme}${space}${MASK}`));
  out = out.replace(KEY_SHAPES, MASK);
  out = out.replace(COOKIE_HEADER, `$1$2${MASK}`);
  const hide = (m: string, name: string, sep: string, value: string): string =>
    name && isSecretName(name) && value !== MASK ? `${name}${sep}${MASK}` : m;
  // URL-encoded pairs ("token%3Dabc" in an echoed, escaped URL) are pairs too.
  out = out.replace(/([A-Za-z0-9_.-]+)(%3D)([^\s&"',;}<>%]+)/gi, hide);
  out = out.replace(PAIR, hide);
  out = out.replace(HEADER_PAIR, hide);
  return out;
}
