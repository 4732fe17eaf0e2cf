// The page's only stylesheet (inline, allowed by its CSP hash). Print-friendly, no web fonts:
// the font stack names the CJK fonts found on Mac, Windows and Linux.
export const STYLE = `
:root { --pass: #15803d; --pass-bg: #dcfce7; --fail: #b91c1c; --fail-bg: #fee2e2; --unk: #92400e; --unk-bg: #fef3c7;
  --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --card: #fff; --page: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
    "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 20px 48px; }
h2 { font-size: 1.3rem; margin: 0 0 12px; }
h3 { font-size: 1.05rem; margin: 0 0 2px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px;
  margin: 16px 0; }
.help { color: var(--muted); margin: 0 0 8px; font-size: 0.92rem; }
.banner { padding: 14px 18px; border-radius: 10px; font-weight: 700; font-size: 1.1rem; margin: 16px 0; }
.banner-warning { background: #fef08a; border: 3px solid #a16207; color: #422006; }
.verdict { border-width: 3px; }
.verdict-pass { border-color: var(--pass); background: linear-gradient(var(--pass-bg), #fff 70%); }
.verdict-fail { border-color: var(--fail); background: linear-gradient(var(--fail-bg), #fff 70%); }
.verdict-unknown { border-color: #d97706; background: linear-gradient(var(--unk-bg), #fff 70%); }
.verdict-line { font-size: 2rem; margin: 0; }
.verdict-pass .verdict-line { color: var(--pass); }
.verdict-fail .verdict-line { color: var(--fail); }
.verdict-unknown .verdict-line { color: var(--unk); }
.verdict-missed { font-size: 1.15rem; font-weight: 600; margin: 4px 0 0; }
.verdict-sub { color: var(--muted); margin: 4px 0 0; }
.verdict { padding-top: 12px; padding-bottom: 12px; }
.slos { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.slo { border-radius: 10px; padding: 12px 14px; background: #fff; border: 2px solid var(--line);
  border-left-width: 10px; }
.slo p { margin: 0; }
.slo-pass { border-color: var(--pass); }
.slo-fail { border-color: var(--fail); background: #fff7f7; }
.slo-unknown { border-color: #d97706; }
.slo-status { font-weight: 800; text-transform: uppercase; letter-spacing: 0.04em; font-size: 0.95rem; }
.slo-pass .slo-status { color: var(--pass); }
.slo-fail .slo-status { color: var(--fail); }
.slo-unknown .slo-status { color: var(--unk); }
.slo-label { font-weight: 600; margin-top: 2px; }
.slo-value { font-size: 2.1rem; font-weight: 800; line-height: 1.2; }
.slo-goal { font-weight: 600; }
.slo-caveat { color: var(--unk); font-size: 0.88rem; font-weight: 600; margin-top: 4px; }
.slo-gap { color: var(--fail); font-weight: 700; }
.per-scenario { margin: 12px 0 0; padding-left: 20px; }
.per-scenario .verdict-fail { color: var(--fail); }
.per-scenario .verdict-pass { color: var(--pass); }
.slo-detail { color: var(--muted); font-size: 0.88rem; }
.delta { font-size: 0.9rem; font-weight: 600; }
.delta-better { color: var(--pass); }
.delta-worse { color: var(--fail); }
.delta-same { color: var(--muted); }
.slo .delta { margin-top: 6px; }
table { border-collapse: collapse; width: 100%; }
.kv th { text-align: left; width: 190px; color: var(--muted); font-weight: 600; vertical-align: top;
  padding: 4px 12px 4px 0; }
.kv td { padding: 4px 0; overflow-wrap: anywhere; }
.grid th, .grid td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; }
.grid td.num, .grid td { font-variant-numeric: tabular-nums; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 18px; }
.chart-grid-one { grid-template-columns: 1fr; margin-bottom: 14px; }
.chart-empty { color: var(--muted); font-style: italic; margin: 6px 0 4px; }
.chart-note { color: var(--unk); }
.chart-png { max-width: 100%; height: auto; display: block; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.load table.grid { display: block; overflow-x: auto; }
.langs { text-align: right; font-size: 0.95rem; margin: 6px 0 -6px; }
.langs a { font-weight: 700; }
.memory-map { border-collapse: separate; border-spacing: 4px; width: auto; min-width: 60%; }
.memory-map th { text-align: left; font-weight: 600; padding: 4px 8px; vertical-align: middle; }
.memory-map thead th { color: var(--muted); font-size: 0.9rem; white-space: nowrap; }
.memory-map tbody th small { color: var(--muted); font-weight: 400; margin-left: 4px; }
.mm-cell { text-align: center; font-weight: 800; font-size: 1.05rem; padding: 3px 12px; border-radius: 6px;
  min-width: 64px; font-variant-numeric: tabular-nums; }
.mm-cell a { color: inherit; display: block; text-decoration: underline dotted; }
.mm-pass { background: var(--pass-bg); color: var(--pass); }
.mm-fail { background: var(--fail); color: #fff; }
.mm-some { background: var(--unk-bg); color: var(--unk); border: 2px solid #d97706; }
.mm-none, .mm-empty { color: var(--muted); font-weight: 400; font-size: 0.85rem; background: #f9fafb; }
.look-first { margin-top: 14px; }
.findings { margin: 4px 0 0; padding-left: 24px; font-size: 1.05rem; }
.findings li { margin: 4px 0; }
.finding-memory { color: var(--fail); font-weight: 700; }
.findings a { font-weight: 400; font-size: 0.9rem; margin-left: 6px; }
.findings-none { color: var(--pass); font-weight: 600; }
.per-turn-table td.ok { color: var(--pass); }
.per-turn-table td.bad { color: var(--fail); font-weight: 700; }
.per-turn-table td.warn { color: var(--unk); font-weight: 600; }
.not-measured { color: var(--unk); font-style: italic; }
.slo-tentative .slo-status { color: var(--unk); }
mark.hit-pass { background: #bbf7d0; color: inherit; border-radius: 3px; padding: 0 1px; }
mark.hit-fail { background: #fecaca; color: inherit; border-radius: 3px; padding: 0 1px; }
.memory-mark { display: inline-block; font-size: 0.75rem; font-weight: 700; padding: 0 6px; margin: 0 6px 0 4px;
  border-radius: 999px; background: #ede9fe; color: #5b21b6; border: 1px solid #c4b5fd; }
.check-status { margin-right: 6px; }
.check-name { margin-right: 6px; }
.chart-grid > .chart-empty-frame { grid-column: 1 / -1; }
.check .why { display: block; margin-left: 1.4em; }
.turn-target { outline: 3px solid #2563eb; outline-offset: -3px; }
html:not(.js) .filters, html:not(.js) #conversations, html:not(.js) #show-more,
html:not(.js) .chart-box { display: none; }
.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 8px; }
.chart-box { position: relative; height: 320px; }
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 10px; }
.filter, #show-more { font: inherit; padding: 6px 14px; border-radius: 999px; border: 2px solid #374151;
  background: #fff; cursor: pointer; }
.filter[aria-pressed="true"] { background: #111827; color: #fff; }
.filter-failures { border-color: var(--fail); color: var(--fail); font-weight: 700; }
.filter-failures[aria-pressed="true"] { background: var(--fail); color: #fff; }
.count { color: var(--muted); }
.conv { border: 1px solid var(--line); border-left: 6px solid var(--pass); border-radius: 8px; margin: 8px 0;
  background: #fff; }
.conv-fail { border-left-color: var(--fail); }
.conv > summary { cursor: pointer; padding: 8px 12px; font-weight: 600; }
.conv-first-failure { font-weight: 400; color: var(--fail); }
.badge { display: inline-block; font-size: 0.8rem; padding: 1px 8px; border-radius: 999px;
  background: var(--pass-bg); color: var(--pass); margin-right: 6px; }
.badge-interrupted, .badge-incomplete, .badge-failed { background: var(--fail-bg); color: var(--fail); }
.turn { border-top: 1px solid var(--line); padding: 10px 14px; }
.turn-fail { background: #fff7f7; }
.turn-head { font-weight: 700; color: #374151; font-size: 0.92rem; }
.turn-head .lat { font-weight: 400; color: var(--muted); }
.msg { margin: 6px 0; padding: 8px 12px; border-radius: 8px; }
.msg-user { background: #eff6ff; }
.msg-assistant { background: #f9fafb; border: 1px solid var(--line); }
.who { display: block; font-size: 0.8rem; font-weight: 700; color: var(--muted); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.thinking { margin: 6px 0; color: #6b7280; font-style: italic; }
.thinking > summary { cursor: pointer; font-style: normal; font-size: 0.88rem; }
.thinking-cut, .thinking-cut-mark { font-style: normal; color: #92400e; font-size: 0.85rem; }
.thinking-cut { margin: 4px 0 0; }
.turn-error { color: var(--fail); font-weight: 600; margin: 6px 0; }
.checks { list-style: none; margin: 6px 0 0; padding: 0; font-size: 0.9rem; }
.check { padding: 2px 0; }
.check-pass { color: var(--pass); }
.check-fail { color: var(--fail); font-weight: 600; }
.check .why { color: var(--ink); font-weight: 400; }
.loading { color: var(--muted); }
footer { color: var(--muted); font-size: 0.85rem; text-align: center; }
@media (max-width: 640px) {
  main { padding: 8px 8px 32px; }
  section { padding: 12px; border-radius: 8px; }
  .verdict-line { font-size: 1.3rem; }
  .verdict-missed { font-size: 1rem; }
  .slos { grid-template-columns: 1fr; }
  .slo-value { font-size: 1.6rem; }
  .kv th { width: auto; padding-right: 8px; }
  h2 { font-size: 1.1rem; }
  .memory-map { border-spacing: 2px; width: 100%; min-width: 0; }
  .memory-map th { padding: 2px 4px; font-size: 0.88rem; }
  .memory-map thead th { white-space: normal; font-size: 0.78rem; }
  .memory-map tbody th small { display: block; margin-left: 0; font-size: 0.75rem; }
  .mm-cell { min-width: 0; padding: 4px 2px; font-size: 0.95rem; }
  .mm-none, .mm-empty { font-size: 0.75rem; }
  .findings { font-size: 0.98rem; padding-left: 20px; }
  .grid th, .grid td { padding: 4px 6px; }
}
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section { break-inside: auto; border: none; padding: 6px 0; margin: 6px 0; }
  .verdict, .memory, .chart, .turn, tr { break-inside: avoid; }
  .chart-grid { grid-template-columns: 1fr; }
  canvas { max-width: 100% !important; height: auto !important; }
  .filters, #show-more, .langs, .findings a { display: none; }
  .verdict { border: 3px solid; padding: 10px; }
  a { color: inherit; text-decoration: none; }
}
`;
