// HDR histograms (HdrHistogram, Gil Tene) for load figures: fixed relative error, constant
// memory however many samples, and an encoding that adds up exactly across processes, so
// shards merged with `chatproof merge` give the same percentiles as one big run.
// Values are recorded in whole microseconds: 3 significant digits keep the error under 0.1%.
import * as hdr from 'hdr-histogram-js';
import type { Distribution, SerializedHistogram } from '../core/types.js';

export type Histogram = hdr.Histogram;

/** One hour in microseconds; autoResize grows past it rather than dropping a sample. */
const HIGHEST_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Records a value in ms; negative or non-finite values are not samples. */
export function recordMs(histogram: Histogram, valueMs: number): void {
  if (!Number.isFinite(valueMs) || valueMs < 0) return;
  histogram.recordValue(Math.round(valueMs * 1000));
}

export function histogramOfMs(valuesMs: Iterable<number>): Histogram {
  const h = createHistogram();
  for (const v of valuesMs) recordMs(h, v);
  return h;
}

export function serializeHistogram(histogram: Histogram): SerializedHistogram {
  return { unit: 'us', count: histogram.totalCount, encoded: hdr.encodeIntoCompressedBase64(histogram) };
}

export function deserializeHistogram(serialized: SerializedHistogram): Histogram {
  if (serialized.count === 0) return createHistogram();
  const decoded = hdr.decodeFromCompressedBase64(serialized.encoded);
  // A decoded histogram keeps its encoded range: copy into a resizable one so adds never overflow.
  const h = createHistogram();
  h.add(decoded);
  return h;
}

export function mergeSerialized(parts: readonly SerializedHistogram[]): SerializedHistogram {
  const sum = createHistogram();
  for (const part of parts) if (part.count > 0) sum.add(deserializeHistogram(part));
  return serializeHistogram(sum);
}

/** The same fields as an exact Distribution, read from the histogram (within 0.1%). */
export function histogramDistribution(histogram: Histogram): Distribution {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  const ms = (us: number): number => us / 1000;
  return {
    count,
    mean: ms(histogram.mean),
    min: ms(
      histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER
        ? 0
        : Math.min(histogram.minNonZeroValue, histogram.getValueAtPercentile(0)),
    ),
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
}

export function serializedDistribution(serialized: SerializedHistogram): Distribution {
  return histogramDistribution(deserializeHistogram(serialized));
}
