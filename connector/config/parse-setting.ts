import type { Setting } from './config-schema.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses one raw value into the setting's type. Text (an environment variable) is read as the type (`8181`, `true`,
 * `a,b`); a JSON value (the config file) must already be of the type: `"8181"` is not an integer there.
 */
export function parseSetting(setting: Setting, raw: unknown, source: 'text' | 'json' = 'text'): Parsed {
  if (source === 'json') {
    const problem = jsonTypeProblem(setting, raw);
    if (problem) return { ok: false, message: problem };
  }
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
      return parseUrl(raw, setting.url);
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

function jsonTypeProblem(setting: Setting, raw: unknown): string | undefined {
  const got = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw === 'object' ? 'an object' : `${typeof raw} ${JSON.stringify(raw)}`;
  if (setting.type === 'integer' && typeof raw !== 'number') return `must be an integer (a JSON number), got ${got}`;
  if (setting.type === 'boolean' && typeof raw !== 'boolean') return `must be true or false (a JSON boolean), got ${got}`;
  if (setting.type === 'list' && !Array.isArray(raw)) return `must be a list of strings (a JSON array), got ${got}`;
  if ((setting.type === 'string' || setting.type === 'url') && typeof raw !== 'string') return `must be a string, got ${got}`;
  return undefined;
}

/**
 * An absolute URL of an allowed scheme. The value is never echoed back (store.url may hold a password); a user name
 * or password is refused where the setting does not take one (it would show in logs and answers), and a query or
 * fragment where a base URL cannot carry one.
 */
function parseUrl(raw: unknown, rules: Setting['url']): Parsed {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, message: 'must be a URL' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'must be an absolute URL' };
  }
  if (!rules) return { ok: true, value: raw };
  const scheme = url.protocol.replace(/:$/, '');
  if (!rules.schemes.includes(scheme)) return { ok: false, message: `must be a ${rules.schemes.join(' or ')} URL, not ${scheme}` };
  if (!rules.userinfo && (url.username !== '' || url.password !== ''))
    return { ok: false, message: 'must not carry a user name or password (user:password@): they would show in logs and answers' };
  if (!rules.queryAndFragment && (url.search !== '' || url.hash !== '' || /[?#]/.test(raw))) return { ok: false, message: 'must not carry a query (?…) or fragment (#…)' };
  return { ok: true, value: raw };
}
