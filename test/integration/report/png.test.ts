// PNG charts: decoded back, each must have a drawn plot and a title (dark pixels at the top),
// in English and in Chinese (with a CJK font registered so Chinese is not empty boxes).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import t from 'tap';
import { CJK_FONT_CANDIDATES, cjkFontPath } from '../../../src/report/png/fonts.js';
import { writePngCharts } from '../../../src/report/png/index.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const results = syntheticResults({ conversations: 30, turns: 6, seed: 21 });
const baseline = syntheticResults({ conversations: 20, turns: 6, seed: 22, latencyScale: 1.2 });

interface Ink {
  width: number;
  height: number;
  /** Share of non-white pixels over the whole image. */
  inked: number;
  /** Dark pixels in the top 40 px (the title). */
  titleDark: number;
}

async function ink(path: string): Promise<Ink> {
  const image = await loadImage(path);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  let inked = 0;
  let titleDark = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (i / 4 < image.width * 40 && r + g + b < 300) titleDark++;
  }
  return { width: image.width, height: image.height, inked: inked / (data.length / 4), titleDark };
}

for (const lang of ['en', 'zh-CN'] as const) {
  t.test(`PNG charts (${lang})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), `chatproof-png-${lang}-`));
    const paths = await writePngCharts(results, dir, { lang, baseline });
    t.equal(paths.length, 8);
    for (const path of paths) {
      t.ok(path.startsWith(join(dir, 'charts')), basename(path));
      const px = await ink(path);
      t.ok(px.width >= 1000 && px.height >= 300, `${basename(path)} is ${px.width}x${px.height}`);
      t.ok(
        px.inked > 0.02 && px.inked < 0.9,
        `${basename(path)} has a plot (${(px.inked * 100).toFixed(1)}% inked), white background`,
      );
      t.ok(px.titleDark > 50, `${basename(path)} has a title (${px.titleDark} dark px)`);
    }
  });
}

t.test('a CJK font is registered when one is installed', async (t) => {
  const installed = CJK_FONT_CANDIDATES.find((p) => existsSync(p));
  t.equal(cjkFontPath(), installed ?? null);
});
