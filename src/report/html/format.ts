// Number formatting for people: units always shown, thousands grouped, no false precision.
import type { ReportLang } from '../i18n/strings.js';

export function formatInt(value: number, lang: ReportLang): string {
  return Math.round(value).toLocaleString(lang);
}

/** Milliseconds: "742 ms", or "12.4 s" from ten seconds up. */
export function formatMs(value: number | null | undefined, lang: ReportLang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toLocaleString(lang, { maximumFractionDigits: 1 })} s`;
  return `${formatInt(value, lang)} ms`;
}

/** A fraction as a percentage: 0.9312 -> "93.1%". */
export function formatPercent(value: number | null | undefined, lang: ReportLang, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const pct = value * 100;
  // Whole numbers stay whole ("90%"), everything else keeps one decimal.
  const shown = Number.isInteger(Math.round(pct * 10) / 10)
    ? Math.round(pct).toString()
    : pct.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${shown}%`;
}

export function formatNumber(value: number | null | undefined, lang: ReportLang, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(lang, { maximumFractionDigits: digits });
}

/** A run duration: "42 s", "4 min 12 s", "1 h 03 min". */
export function formatDuration(ms: number, lang: ReportLang): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const zh = lang === 'zh-CN';
  if (h > 0) return zh ? `${h} 小时 ${m} 分` : `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return zh ? `${m} 分 ${s} 秒` : `${m} min ${s} s`;
  if (total === 0) return zh ? `${Math.round(ms)} 毫秒` : `${Math.round(ms)} ms`;
  return zh ? `${s} 秒` : `${s} s`;
}

/** An ISO timestamp as "2026-11-29 00:13 UTC": one unambiguous form for every reader. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
