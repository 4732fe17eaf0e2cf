// One chart spec to one PNG: chart.js drawing on @napi-rs/canvas, no browser needed.
import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type Plugin, registerables } from 'chart.js';
import type { ChartSpec } from '../html/charts/index.js';
import { canvasFontFamily } from './fonts.js';

Chart.register(...registerables);

// Transparent PNGs look broken on dark slides and CI pages: paint the background white.
const whiteBackground: Plugin = {
  id: 'chatproofWhiteBackground',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

// Bar values printed at the end of each bar (options.plugins.valueLabels); the page script
// registers the same drawing for the browser (client/runtime.js).
const valueLabels: Plugin = {
  id: 'valueLabels',
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as Record<string, { display?: boolean; suffix?: string }>).valueLabels;
    if (!opts?.display) return;
    const ctx = chart.ctx;
    const horizontal = (chart.options as { indexAxis?: string }).indexAxis === 'y';
    ctx.save();
    ctx.fillStyle = '#111827';
    ctx.font = `bold 12px ${Chart.defaults.font.family}`;
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const value = dataset.data[j];
        if (typeof value !== 'number') return;
        const text = `${Math.round(value * 10) / 10}${opts.suffix ?? ''}`;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.textAlign = horizontal ? 'left' : 'center';
        ctx.textBaseline = horizontal ? 'middle' : 'bottom';
        ctx.fillText(text, horizontal ? x + 4 : x, horizontal ? y : y - 3);
      });
    });
    ctx.restore();
  },
};

export interface PngOptions {
  width?: number;
  /** Pixel density: 2 gives crisp slides at twice the file size. */
  scale?: number;
}

export function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Buffer {
  const width = options.width ?? 1000;
  const height = Math.max(300, Math.round(spec.height * 1.15));
  const scale = options.scale ?? 1;
  const canvas = createCanvas(width * scale, height * scale);
  Chart.defaults.font.family = canvasFontFamily();
  Chart.defaults.font.size = 13;
  // chart.js mutates what it is given; the spec stays reusable.
  const config = structuredClone(spec.config) as unknown as ChartConfiguration;
  config.options = {
    ...config.options,
    responsive: false,
    animation: false,
    devicePixelRatio: scale,
    maintainAspectRatio: false,
  };
  config.plugins = [whiteBackground, valueLabels];
  // @napi-rs/canvas implements the 2D context chart.js draws with; chart.js types expect a DOM canvas.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
