/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written for the tests (prom-client has no
 * parser): every sample must belong to a family declared by `# TYPE` (histograms with their _bucket/_sum/_count
 * series), names and label names must be valid, label values properly escaped, values numbers (or ±Inf/NaN),
 * and each histogram's buckets cumulative, ending in le="+Inf" equal to its _count. Throws on the first problem.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Record<string, string>): number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  for (const [i, line] of text.split('\n').slice(0, -1).entries()) {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) continue;
      if (!NAME.test(m[2] ?? '')) throw new Error(`bad metric name, ${where}`);
      if (m[1] === 'TYPE') {
        if (!TYPES.has(m[3] ?? '') || types.has(m[2] ?? '')) throw new Error(`bad or repeated TYPE, ${where}`);
        types.set(m[2] as string, m[3] as string);
      }
      continue;
    }
    const sample = parseSample(line, where);
    if (!familyOf(sample.name, types)) throw new Error(`sample without a TYPE, ${where}`);
    samples.push(sample);
  }
  checkHistograms(types, samples);
  const value = (name: string, labels: Record<string, string> = {}) => {
    const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} names ${found.length} samples`);
    return found[0]?.value ?? 0;
  };
  return { types, samples, value };
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: (-?\d+))?$/.exec(line);
  if (!m) throw new Error(`not a sample, ${where}`);
  const labels: Record<string, string> = {};
  let rest = (m[2] ?? '{}').slice(1, -1);
  while (rest.length > 0) {
    const l = /^([^=]+)="((?:[^"\\\n]|\\["\\n])*)"(,?)/.exec(rest);
    if (!l || !LABEL.test(l[1] ?? '') || (l[1] as string) in labels) throw new Error(`bad label, ${where}`);
    labels[l[1] as string] = (l[2] ?? '').replace(/\\(["\\n])/g, (_a, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(l[0].length);
    if (rest.length > 0 && l[3] !== ',') throw new Error(`labels not comma-separated, ${where}`);
  }
  const raw = m[3] ?? '';
  const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : Number(raw);
  if (!/^(?:[+-]Inf|NaN|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/.test(raw)) throw new Error(`bad value, ${where}`);
  return { name: m[1] as string, labels, value };
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base && ['histogram', 'summary'].includes(types.get(base) ?? '') && !(suffix === '_bucket' && types.get(base) === 'summary')) return base;
  }
  return undefined;
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { le: number; value: number }[]>();
    const key = (labels: Record<string, string>) =>
      JSON.stringify(
        Object.entries(labels)
          .filter(([k]) => k !== 'le')
          .sort(),
      );
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      if (s.labels.le === undefined) throw new Error(`${family}_bucket without le`);
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      series.set(key(s.labels), [...(series.get(key(s.labels)) ?? []), { le, value: s.value }]);
    }
    for (const [k, buckets] of series) {
      const sorted = [...buckets].sort((a, b) => a.le - b.le);
      if (sorted.some((b, i) => i > 0 && b.value < (sorted[i - 1] as { value: number }).value)) throw new Error(`${family} ${k}: buckets are not cumulative`);
      const inf = sorted.at(-1);
      const count = samples.find((s) => s.name === `${family}_count` && key(s.labels) === k);
      if (!inf || inf.le !== Infinity || !count || count.value !== inf.value) throw new Error(`${family} ${k}: le="+Inf" must equal _count`);
    }
  }
}
