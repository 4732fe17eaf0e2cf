// The scripts inlined into every report, read once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let chartJs: string | undefined;
let runtime: string | undefined;

/** chart.js UMD build; its package does not export the path, so resolve the folder. */
export function chartJsSource(): string {
  if (chartJs === undefined) {
    const dist = dirname(createRequire(import.meta.url).resolve('chart.js'));
    chartJs = readFileSync(join(dist, 'chart.umd.min.js'), 'utf8').replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '\n');
    // An inline script ends at the first "</script": the bundle must never contain one.
    if (/<\/script|<!--/i.test(chartJs)) throw new Error('chart.js bundle cannot be inlined safely');
  }
  return chartJs;
}

export function runtimeSource(): string {
  runtime ??= readFileSync(new URL('./client/runtime.js', import.meta.url), 'utf8');
  return runtime;
}
