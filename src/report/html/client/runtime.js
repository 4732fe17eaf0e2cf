// Page script of the HTML report (inlined, allowed by its CSP hash). Plain browser JS:
// it is embedded as written, so it must not depend on any build step.
// Safety: every text from the run is put into the page with textContent, never innerHTML.
(() => {
  const PAGE_SIZE = 50;
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const S = data.s;
  window.__reportErrors = [];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function ms(v) {
    return v === undefined ? '—' : `${Math.round(v).toLocaleString(data.lang)} ms`;
  }

  // ------------------------------------------------------------------ charts
  function drawCharts() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    data.charts.forEach((spec) => {
      const canvas = document.querySelector(`canvas[data-chart="${spec.id}"]`);
      if (!canvas) return;
      canvas.parentNode.style.height = `${spec.height}px`;
      const config = spec.config;
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      // The HTML heading already names the chart.
      config.options.plugins.title.display = false;
      try {
        new Chart(canvas, config);
      } catch (err) {
        window.__reportErrors.push(`${spec.id}: ${err}`);
      }
    });
  }

  // ------------------------------------------------------------- transcripts
  function decode(embedded) {
    if (embedded.json) return Promise.resolve(embedded.json);
    if (typeof DecompressionStream === 'undefined')
      return Promise.reject(new Error('this browser cannot unpack the transcripts'));
    const binary = atob(embedded.gz);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  function statusLabel(st) {
    return st === 'completed' ? S.statusCompleted : st === 'interrupted' ? S.statusInterrupted : S.statusIncomplete;
  }

  function isFailure(conv) {
    return conv.st !== 'completed' || conv.f > 0;
  }

  function firstFailure(conv, str) {
    for (let i = 0; i < conv.t.length; i++) {
      const turn = conv.t[i];
      if (turn.er) return fill(S.turnN, { n: turn.n }) + S.colon + (data.causes[str[turn.er[0]]] || str[turn.er[0]]);
      for (let j = 0; j < turn.k.length; j++) {
        const k = turn.k[j];
        if (!k[1]) return `${fill(S.turnN, { n: turn.n }) + S.colon + str[k[0]]} (${S.expected}${S.colon}${str[k[2]]})`;
      }
    }
    return '';
  }

  function renderTurn(turn, str) {
    const failed = !turn.ok || turn.k.some((k) => !k[1]);
    const box = el('div', `turn${failed ? ' turn-fail' : ''}`);
    box.dataset.turn = String(turn.n);
    const head = el('div', 'turn-head', `${fill(S.turnN, { n: turn.n })} `);
    const lat = [`${S.ttft} ${ms(turn.tt)}`, `${S.e2e} ${ms(turn.e)}`];
    if (turn.tk !== undefined) lat.push(`${turn.tk} ${S.tokens}`);
    head.appendChild(el('span', 'lat', `· ${lat.join(' · ')}`));
    box.appendChild(head);
    const user = el('div', 'msg msg-user');
    user.appendChild(el('span', 'who', S.user));
    user.appendChild(el('p', 'text', str[turn.u]));
    box.appendChild(user);
    if (turn.r !== undefined) {
      const thinking = el('details', 'thinking');
      const fold = el('summary', null, S.thinking);
      thinking.appendChild(fold);
      thinking.appendChild(el('p', 'text', str[turn.r]));
      // Thinking cut for size says so where it is read, and where the rest is.
      if (turn.rx) {
        const left = turn.rx.toLocaleString(data.lang);
        thinking.dataset.omitted = String(turn.rx);
        fold.appendChild(el('span', 'thinking-cut-mark', ` · ${fill(S.thinkingCutMark, { n: left })}`));
        thinking.appendChild(el('p', 'thinking-cut', fill(S.thinkingCutNote, { n: left })));
      }
      box.appendChild(thinking);
    }
    const reply = el('div', 'msg msg-assistant');
    reply.appendChild(el('span', 'who', S.assistant));
    reply.appendChild(el('p', 'text reply', str[turn.a] || S.emptyReply));
    box.appendChild(reply);
    if (turn.er) {
      const cause = str[turn.er[0]];
      box.appendChild(
        el('p', 'turn-error', `${S.error + S.colon + (data.causes[cause] || cause)} — ${str[turn.er[1]]}`),
      );
    }
    if (turn.k.length) {
      const list = el('ul', 'checks');
      turn.k.forEach((k) => {
        const item = el(
          'li',
          `check ${k[1] ? 'check-pass' : 'check-fail'}`,
          `${k[1] ? `✓ ${S.passed}` : `✗ ${S.failed}`} · ${str[k[0]]} `,
        );
        item.appendChild(
          el('span', 'why', `— ${S.expected}${S.colon}${str[k[2]]}${S.semicolon}${S.found}${S.colon}${str[k[3]]}`),
        );
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  function renderConversation(conv, str, open) {
    const failed = isFailure(conv);
    const details = el('details', `conv${failed ? ' conv-fail' : ''}`);
    details.dataset.conv = str[conv.id];
    details.dataset.failed = failed ? '1' : '0';
    if (open) details.open = true;
    const summary = el('summary');
    summary.appendChild(el('span', `badge badge-${conv.st}`, statusLabel(conv.st)));
    if (conv.f > 0)
      summary.appendChild(
        el('span', 'badge badge-failed', conv.f === 1 ? S.failedCheck1 : fill(S.failedChecks, { n: conv.f })),
      );
    summary.appendChild(
      el('span', 'conv-id', `${str[conv.id]} · ${fill(S.turnsDone, { done: conv.d, planned: conv.p })} `),
    );
    const why = firstFailure(conv, str);
    if (why) summary.appendChild(el('span', 'conv-first-failure', `— ${why}`));
    details.appendChild(summary);
    conv.t.forEach((turn) => {
      details.appendChild(renderTurn(turn, str));
    });
    return details;
  }

  function setupTranscripts(transcripts) {
    const container = document.getElementById('conversations');
    const more = document.getElementById('show-more');
    const count = document.getElementById('conv-count');
    const buttons = document.querySelectorAll('button[data-filter]');
    const state = { filter: 'all', shown: 0, items: transcripts.list };

    function showNext() {
      const next = state.items.slice(state.shown, state.shown + PAGE_SIZE);
      const fragment = document.createDocumentFragment();
      next.forEach((conv) => {
        fragment.appendChild(renderConversation(conv, transcripts.str, state.filter === 'failures'));
      });
      container.appendChild(fragment);
      state.shown += next.length;
      more.hidden = state.shown >= state.items.length;
      count.textContent = fill(S.showingOf, { shown: state.shown, total: state.items.length });
    }

    function apply(filter) {
      state.filter = filter;
      state.items = filter === 'failures' ? transcripts.list.filter(isFailure) : transcripts.list;
      state.shown = 0;
      container.textContent = '';
      for (let i = 0; i < buttons.length; i++)
        buttons[i].setAttribute('aria-pressed', String(buttons[i].dataset.filter === filter));
      if (state.items.length === 0) container.appendChild(el('p', 'help', S.noFailures));
      showNext();
    }

    for (let i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', (event) => {
        apply(event.currentTarget.dataset.filter);
      });
    }
    more.addEventListener('click', showNext);
    apply('all');
  }

  function start() {
    try {
      drawCharts();
    } catch (err) {
      window.__reportErrors.push(`charts: ${err}`);
    }
    const embedded = JSON.parse(document.getElementById('transcript-data').textContent);
    decode(embedded)
      .then(setupTranscripts)
      .catch((err) => {
        window.__reportErrors.push(`transcripts: ${err}`);
        document.getElementById('conversations').textContent = String(err);
      })
      .then(() => {
        window.__reportReady = true;
      });
  }

  start();
})();
