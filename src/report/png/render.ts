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
  config.plugins = [whiteBackground];
  // @napi-rs/canvas implements the 2D context chart.js draws with; chart.js types expect a DOM canvas.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
