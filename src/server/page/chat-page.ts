// The chat page at `/`: try the model by hand (multi-turn, streamed replies, thinking on/off,
// temperature, TTFT and total time per reply) and save the conversation as a scenario YAML.
// Self-contained (no CDN). Model output is untrusted: it only ever reaches the DOM as textContent.
import { PAGE_SCRIPT } from './chat-script.js';

/** JSON for embedding inside <script>: `<` escaped so no text can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{padding:10px 16px;background:#1d232b;color:#fff;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
header h1{font-size:16px;margin:0}
#warn{background:#ffe08a;color:#5a4300;padding:6px 16px;display:none}
#controls{display:flex;gap:14px;flex-wrap:wrap;padding:10px 16px;background:#fff;border-bottom:1px solid #dde}
#controls label{display:flex;gap:6px;align-items:center}
#system{width:100%;min-height:38px}
#log{padding:12px 16px;display:flex;flex-direction:column;gap:10px;max-width:900px;margin:auto}
.msg{padding:8px 12px;border-radius:8px;white-space:pre-wrap;word-break:break-word}
.user{background:#dbe9ff;align-self:flex-end;max-width:80%}
.assistant{background:#fff;border:1px solid #dde}
.reasoning{color:#666;font-style:italic;white-space:pre-wrap}
.stats{color:#667;font-size:12px;margin-top:4px}
.error{background:#ffe1e1;border:1px solid #f5a3a3}
#system-label{flex-basis:100%}
.narrow{width:5em}
.wide{width:6em}
form{display:flex;gap:8px;padding:12px 16px;max-width:900px;margin:auto}
#input{flex:1;min-height:44px}
button{padding:6px 12px}
`;

/**
 * The page and the nonce its one <style> and one <script> carry: the Content-Security-Policy
 * then allows exactly those two elements and no inline attribute, handler or injected element.
 */
export function chatPageHtml(options: { modelName: string; generated: boolean }, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>chatproof chat</title><style nonce="${nonce}">${STYLE}</style></head>
<body>
<header><h1>chatproof chat</h1><span id="model"></span>
<button id="new" type="button">New chat</button><button id="save" type="button">Save as scenario YAML</button></header>
<div id="warn">This is the generated random-weight test model: its replies are gibberish by design
(plumbing and load tests only).</div>
<div id="controls">
<label id="system-label">System <textarea id="system" placeholder="optional system prompt"></textarea></label>
<label><input id="thinking" type="checkbox"> thinking (enable_thinking)</label>
<label>temperature
  <input id="temperature" type="number" min="0" max="2" step="0.1" value="0.7" class="narrow"></label>
<label>max_tokens <input id="maxTokens" type="number" min="1" step="1" value="512" class="wide"></label>
<label>max_history_turns
  <input id="maxHistory" type="number" min="0" step="1" placeholder="all" class="narrow"></label>
</div>
<main id="log" aria-live="polite"></main>
<form id="form"><textarea id="input" placeholder="Type a message; Enter sends, Shift+Enter for a new line"></textarea>
<button id="send" type="submit">Send</button><button id="stop" type="button" disabled>Stop</button></form>
<script nonce="${nonce}">const CONFIG = ${scriptJson(options)};
${PAGE_SCRIPT}</script>
</body></html>`;
}

/** A strict policy: no source but this page's own nonce-carrying elements and its own API. */
export function chatPagePolicy(nonce: string): string {
  return (
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
  );
}
