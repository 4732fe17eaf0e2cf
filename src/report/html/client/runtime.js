// Page script of the HTML report (inlined, allowed by its CSP hash). Plain browser JS:
// it is embedded as written, so it must not depend on any build step.
// Safety: every text from the run is put into the page with textContent, never innerHTML.
(() => {
  const PAGE_SIZE = 50;
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const S = data.s;
  window.__reportErrors = [];
  document.documentElement.classList.add('js');

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
  // Bar values printed at the end of each bar (options.plugins.valueLabels); the PNG renderer
  // draws the same (report/png/render.ts).
  const valueLabels = {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const opts = chart.options.plugins.valueLabels;
      if (!opts?.display) return;
      const ctx = chart.ctx;
      const horizontal = chart.options.indexAxis === 'y';
      ctx.save();
      ctx.fillStyle = '#111827';
      ctx.font = `bold 12px ${Chart.defaults.font.family}`;
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((bar, j) => {
          const value = dataset.data[j];
          if (typeof value !== 'number') return;
          const props = bar.getProps(['x', 'y'], true);
          ctx.textAlign = horizontal ? 'left' : 'center';
          ctx.textBaseline = horizontal ? 'middle' : 'bottom';
          const text = `${Math.round(value * 10) / 10}${opts.suffix || ''}`;
          ctx.fillText(text, horizontal ? props.x + 4 : props.x, horizontal ? props.y : props.y - 3);
        });
      });
      ctx.restore();
    },
  };

  function drawCharts() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.register(valueLabels);
    data.charts.forEach((spec) => {
      const canvas = document.querySelector(`canvas[data-chart="${spec.id}"]`);
      if (!canvas) return;
      canvas.parentNode.style.height = `${spec.height}px`;
      const config = spec.config;
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      // The HTML heading already names the chart.
      config.options.plugins.title.display = false;
      // Axis labels may be wrapped or shortened: the tooltip gives the whole text.
      if (spec.fullLabels) {
        config.options.plugins.tooltip = {
          callbacks: { title: (items) => (items.length ? spec.fullLabels[items[0].dataIndex] : '') },
        };
      }
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

  // The failure a reader should see first: a memory loss, then a broken reply, then any check.
  function mainFailure(conv, str) {
    let error = '';
    let other = '';
    for (let i = 0; i < conv.t.length; i++) {
      const turn = conv.t[i];
      const at = fill(S.turnN, { n: turn.n }) + S.colon;
      if (turn.er && !error) error = at + (data.causes[str[turn.er[0]]] || str[turn.er[0]]);
      for (let j = 0; j < turn.k.length; j++) {
        const k = turn.k[j];
        if (k[1]) continue;
        if (k[4]) return `${at}${str[k[0]]} (${S.memoryMark})`;
        if (!other) other = at + str[k[0]];
      }
    }
    return error || other;
  }

  // The reply with the parts a check matched marked (<mark>), built from text nodes only.
  function replyText(text, marks) {
    const p = el('p', 'text reply');
    if (!text) {
      p.textContent = S.emptyReply;
      return p;
    }
    let at = 0;
    (marks || []).forEach((m) => {
      if (m[0] < at || m[1] > text.length) return;
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      p.appendChild(el('mark', m[2] ? 'hit-pass' : 'hit-fail', text.slice(m[0], m[1])));
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at)));
    return p;
  }

  function renderTurn(turn, str, convIndex) {
    const failed = !turn.ok || turn.k.some((k) => !k[1]);
    const box = el('div', `turn${failed ? ' turn-fail' : ''}`);
    box.dataset.turn = String(turn.n);
    box.id = `t-${convIndex}-${turn.n}`;
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
    reply.appendChild(replyText(str[turn.a], turn.m));
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
        const item = el('li', `check ${k[1] ? 'check-pass' : 'check-fail'}${k[4] ? ' check-memory' : ''}`);
        item.dataset.kind = str[k[5]];
        item.appendChild(el('span', 'check-status', k[1] ? `✓ ${S.passed}` : `✗ ${S.failed}`));
        if (k[4]) item.appendChild(el('span', 'memory-mark', S.memoryMark));
        item.appendChild(el('span', 'check-name', str[k[0]]));
        // Said once: what was wanted and what the reply had (a judged check's reason reads the same).
        if (!k[1]) item.appendChild(el('span', 'why', fill(S.expectedGot, { expected: str[k[2]], got: str[k[3]] })));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  function renderConversation(conv, str, open, convIndex) {
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
    const why = mainFailure(conv, str);
    if (why) summary.appendChild(el('span', 'conv-first-failure', `— ${why}`));
    details.appendChild(summary);
    conv.t.forEach((turn) => {
      details.appendChild(renderTurn(turn, str, convIndex));
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
        const index = transcripts.list.indexOf(conv);
        fragment.appendChild(renderConversation(conv, transcripts.str, state.filter === 'failures', index));
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

    // Links from the memory map and the findings: show that turn, open its conversation, go there.
    function reveal() {
      const id = decodeURIComponent(location.hash.slice(1));
      if (!/^t-\d+-\d+$/.test(id)) return;
      const convIndex = Number(id.split('-')[1]);
      if (!state.items.includes(transcripts.list[convIndex])) apply('all');
      while (!document.getElementById(id) && state.shown < state.items.length) showNext();
      const target = document.getElementById(id);
      if (!target) return;
      target.closest('details.conv').open = true;
      document.querySelectorAll('.turn-target').forEach((n) => {
        n.classList.remove('turn-target');
      });
      target.classList.add('turn-target');
      target.scrollIntoView({ block: 'start' });
    }
    window.addEventListener('hashchange', reveal);
    reveal();
    // On paper every failing conversation is open.
    window.addEventListener('beforeprint', () => {
      document.querySelectorAll('details.conv-fail').forEach((d) => {
        d.open = true;
      });
    });
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
