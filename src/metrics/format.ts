// Plain-text values of figures in their units, for every English sentence chatproof writes
// (terminal, JUnit, Markdown, the reasons of a verdict). The HTML report localises its own.
import { metricOf } from './registry.js';

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(1);
}

export function formatPercent(rate: number | null, digits = 1): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(digits)}%`;
}

/** A figure's value with its unit: "742 ms", "92.5%", "1.25 conv/s"; "no data" when unmeasured. */
export function formatFigure(figure: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'no data';
  switch (metricOf(figure)?.metric.unit) {
    case 'fraction':
      return formatPercent(value);
    case 'ms':
      return `${formatMs(value)} ms`;
    case 'tokens/s':
      return `${value.toFixed(1)} tok/s`;
    case 'requests/s':
      return `${value.toFixed(2)} req/s`;
    case 'conversations/s':
      return `${value.toFixed(2)} conv/s`;
    default:
      return value.toFixed(1);
  }
}
