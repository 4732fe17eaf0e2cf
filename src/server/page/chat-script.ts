// The chat page's browser script, as a string. Plain ES2020, no dependencies. Every piece of text
// from the model or the user is set with textContent, never innerHTML.
export const PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
$('model').textContent = CONFIG.modelName;
if (CONFIG.generated) $('warn').style.display = 'block';
$('thinking').checked = false;
let turns = [];        // [{user, assistant, reasoning}]
let controller = null;

function add(cls, text) {
  const div = document.createElement('div');
  div.className = 'msg ' + cls;
  div.textContent = text;
  $('log').appendChild(div);
  div.scrollIntoView({ block: 'end' });
  return div;
}

function params() {
  const p = {
    temperature: Number($('temperature').value),
    max_tokens: Number($('maxTokens').value),
    enable_thinking: $('thinking').checked,
  };
  const h = $('maxHistory').value;
  if (h !== '') p.max_history_turns = Number(h);
  return p;
}

function messages(userText) {
  const list = [];
  const system = $('system').value.trim();
  if (system) list.push({ role: 'system', content: system });
  for (const t of turns) list.push({ role: 'user', content: t.user }, { role: 'assistant', content: t.assistant });
  list.push({ role: 'user', content: userText });
  return list;
}

async function send(userText) {
  add('user', userText);
  const box = add('assistant', '');
  const reasoning = document.createElement('div');
  reasoning.className = 'reasoning';
  const content = document.createElement('div');
  const stats = document.createElement('div');
  stats.className = 'stats';
  box.append(reasoning, content, stats);
  const p = params();
  const body = { messages: messages(userText), stream: true, stream_options: { include_usage: true },
    temperature: p.temperature, max_tokens: p.max_tokens,
    chat_template_kwargs: { enable_thinking: p.enable_thinking } };
  if (p.max_history_turns !== undefined) body.max_history_turns = p.max_history_turns;
  controller = new AbortController();
  $('send').disabled = true; $('stop').disabled = false;
  const sent = performance.now();
  let firstToken = null, text = '', thought = '', usage = null, finish = '';
  try {
    const res = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (!res.ok) {
      const err = await res.json().catch(() => ({ error: { message: res.statusText } }));
      throw new Error(res.status + ': ' + err.error.message);
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) !== -1) {
        const line = buffer.slice(0, cut).trim();
        buffer = buffer.slice(cut + 2);
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        const event = JSON.parse(line.slice(6));
        if (event.error) throw new Error(event.error.message);
        if (event.usage) usage = event.usage;
        const choice = event.choices && event.choices[0];
        if (!choice) continue;
        if (choice.finish_reason) finish = choice.finish_reason;
        const delta = choice.delta || {};
        if (delta.reasoning_content) { thought += delta.reasoning_content; reasoning.textContent = thought; }
        if (delta.content) {
          if (firstToken === null) firstToken = performance.now() - sent;
          text += delta.content; content.textContent = text;
        }
      }
    }
  } catch (err) {
    box.classList.add('error');
    if (err.name !== 'AbortError') content.textContent = text + '\n[' + err.message + ']';
  } finally {
    const total = performance.now() - sent;
    stats.textContent = 'TTFT ' + (firstToken === null ? '-' : Math.round(firstToken) + ' ms')
      + ' · total ' + Math.round(total) + ' ms'
      + (usage ? ' · ' + usage.completion_tokens + ' tokens ('
        + usage.prompt_tokens_details.cached_tokens + ' prompt tokens from KV cache)' : '')
      + (finish ? ' · ' + finish : '') + (controller.signal.aborted ? ' · stopped' : '');
    turns.push({ user: userText, assistant: text, reasoning: thought });
    controller = null;
    $('send').disabled = false; $('stop').disabled = true;
  }
}

// JSON strings are valid YAML double-quoted scalars: any text (quotes, colons, CJK) stays exact.
const q = (s) => JSON.stringify(s);
function scenarioYaml() {
  const p = params();
  const lines = ['name: ' + q('chat-' + new Date().toISOString().replace(/[:.]/g, '-')),
    'description: ' + q('Saved from the chatproof chat page (model ' + CONFIG.modelName + ')')];
  const system = $('system').value.trim();
  if (system) lines.push('system: ' + q(system));
  lines.push('params:', '  temperature: ' + p.temperature, '  enable_thinking: ' + p.enable_thinking,
    '  max_tokens: ' + p.max_tokens);
  if (p.max_history_turns !== undefined) lines.push('  max_history_turns: ' + p.max_history_turns);
  lines.push('turns:');
  for (const t of turns) lines.push('  - user: ' + q(t.user), '    assistant: ' + q(t.assistant));
  return lines.join('\n') + '\n';
}

$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('input').value.trim();
  if (!text || controller) return;
  $('input').value = '';
  send(text);
});
$('input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('form').requestSubmit(); }
});
$('stop').addEventListener('click', () => controller && controller.abort());
$('new').addEventListener('click', () => { turns = []; $('log').textContent = ''; });
$('save').addEventListener('click', () => {
  const blob = new Blob([scenarioYaml()], { type: 'text/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'chat-scenario.yaml';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
`;
