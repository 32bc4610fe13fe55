import { getMetricsFromIterator } from 'prom2javascript';

export interface PromSample {
  labels?: Record<string, string>;
  value?: number;
  buckets?: Record<string, number>;
  count?: number;
  sum?: number;
}
export interface PromFamily {
  type: string;
  help: string;
  data: PromSample[];
}

const NAN_SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?\s+nan$/i;

/**
 * Parses a Prometheus text exposition with a real parser (prom2javascript),
 * which throws on a malformed line. It does not know NaN, which the format
 * allows (Prometheus reads values with Go's ParseFloat, any case) and
 * prom-client writes as `Nan` for a mean with no sample yet (the event-loop
 * lag right after start): such lines are set aside in `nanSeries`.
 */
export async function parsePrometheus(text: string): Promise<Record<string, PromFamily>> {
  const lines = text.split('\n');
  const kept = lines.filter((l) => !NAN_SAMPLE.test(l.trim()));
  const families = (await getMetricsFromIterator(kept[Symbol.iterator]())) as unknown as Record<string, PromFamily>;
  Object.defineProperty(families, 'nanSeries', { value: lines.filter((l) => NAN_SAMPLE.test(l.trim())), enumerable: false });
  return families;
}

export function nanSeries(families: Record<string, PromFamily>): string[] {
  return (families as unknown as { nanSeries?: string[] }).nanSeries ?? [];
}

/** The samples of one family whose labels include `labels`. */
export function samplesWith(families: Record<string, PromFamily>, name: string, labels: Record<string, string>): PromSample[] {
  return (families[name]?.data ?? []).filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
}
