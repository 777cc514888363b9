import type { Setting } from './config-schema.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses one raw value (from the environment as text, or from the JSON file as any JSON) into the setting's type. */
export function parseSetting(setting: Setting, raw: unknown): Parsed {
  const parsed = parseType(setting, raw);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (setting.values && !setting.values.includes(String(v))) {
    return { ok: false, message: `must be one of ${setting.values.join(', ')}, got '${String(v)}'` };
  }
  if (typeof v === 'number') {
    if (setting.min !== undefined && v < setting.min) return { ok: false, message: `must be at least ${setting.min}` };
    if (setting.max !== undefined && v > setting.max) return { ok: false, message: `must be at most ${setting.max}` };
  }
  return parsed;
}

function parseType(setting: Setting, raw: unknown): Parsed {
  switch (setting.type) {
    case 'string':
      return typeof raw === 'string' && raw.length > 0 ? { ok: true, value: raw } : { ok: false, message: 'must be a non-empty string' };
    case 'url':
      return parseUrl(raw);
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, message: `must be an integer, got '${String(raw)}'` };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === 'false' || raw === '0') return { ok: true, value: false };
      return { ok: false, message: `must be true or false, got '${String(raw)}'` };
    case 'list':
      if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return { ok: true, value: raw };
      if (typeof raw === 'string')
        return {
          ok: true,
          value: raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        };
      return { ok: false, message: 'must be a list of strings (comma-separated in the environment)' };
  }
}

function parseUrl(raw: unknown): Parsed {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, message: 'must be a URL' };
  try {
    new URL(raw);
    return { ok: true, value: raw };
  } catch {
    return { ok: false, message: 'must be an absolute URL' };
  }
}
