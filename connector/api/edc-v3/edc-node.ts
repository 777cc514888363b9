import { validationError, type Violation } from '../../../core/index.js';
import { EDC_NS, edcLocal } from './edc-vocabulary.js';
import type { Expanded } from './edc-expand.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads one expanded JSON-LD node the way the v3 layer needs it, remembering which properties were read:
 * `finish()` then refuses every property nobody read, so nothing in a body is accepted and ignored.
 * Pointers in errors use EDC's compact names (`/dataAddress/proxyPath`).
 */
export class EdcNode {
  /** A body's own `@id` counts as read only once a route read it (`id`, `pathId`): elsewhere it means nothing and is refused. */
  private readonly read: Set<string>;

  constructor(
    readonly raw: Expanded,
    readonly pointer = '',
  ) {
    this.read = new Set(pointer === '' ? ['@type'] : ['@id', '@type']);
  }

  at(name: string): string {
    return `${this.pointer}/${name}`;
  }

  get id(): string | undefined {
    this.read.add('@id');
    return typeof this.raw['@id'] === 'string' ? this.raw['@id'] : undefined;
  }

  /** A body on a route that acts on the id in its path: its `@id`, when given, must be that id. */
  pathId(id: string): void {
    const own = this.id;
    if (this.raw['@id'] !== undefined && own !== id) throw validationError([{ pointer: this.at('@id'), message: `differs from the id in the path '${id}'` }]);
  }

  get types(): string[] {
    const t = this.raw['@type'];
    return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Refuses a body whose `@type` names something else than what the route takes (an absent `@type` is fine). */
  expectType(...names: string[]): void {
    const wrong = this.types.filter((t) => !names.includes(edcLocal(t)));
    if (wrong.length > 0) throw validationError([{ pointer: this.at('@type'), message: `must be ${names.join(' or ')}, not ${wrong.map(edcLocal).join(', ')}` }]);
  }

  /** The raw expanded values of an `edc:` property (or of a full IRI). */
  values(name: string): unknown[] | undefined {
    const key = name.includes(':') ? name : `${EDC_NS}${name}`;
    this.read.add(key);
    const v = this.raw[key];
    return v === undefined ? undefined : Array.isArray(v) ? v : [v];
  }

  /** Refuses a body that lacks any of these properties, naming every one it lacks (not only the first). */
  require(...names: string[]): void {
    const missing = names.filter((name) => (this.values(name) ?? []).length === 0);
    if (missing.length > 0) throw validationError(missing.map((name) => ({ pointer: this.at(name), message: 'is required' })));
  }

  /** A single plain literal (string, number or boolean as a string); a node or list is a 400. */
  string(name: string, required = false): string | undefined {
    const values = this.values(name);
    if (values === undefined || values.length === 0) {
      if (required) throw validationError([{ pointer: this.at(name), message: 'is required' }]);
      return undefined;
    }
    const [first] = values;
    if (values.length > 1 || !isObject(first) || !('@value' in first) || typeof first['@value'] === 'object')
      throw validationError([{ pointer: this.at(name), message: 'must be one plain value' }]);
    return String(first['@value']);
  }

  integer(name: string, min: number, max: number): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw validationError([{ pointer: this.at(name), message: `must be an integer from ${min} to ${max}` }]);
    return n;
  }

  /** The node objects of a property (each a reader of its own). */
  nodes(name: string): EdcNode[] {
    return (this.values(name) ?? []).map((v, i, all) => {
      if (!isObject(v) || '@value' in v) throw validationError([{ pointer: this.at(name), message: 'must be an object' }]);
      return new EdcNode(v, all.length > 1 ? `${this.at(name)}/${i}` : this.at(name));
    });
  }

  node(name: string): EdcNode | undefined {
    const all = this.nodes(name);
    if (all.length > 1) throw validationError([{ pointer: this.at(name), message: 'must be one object' }]);
    return all[0];
  }

  /** Refuses the properties that were not read (each named in the problem). */
  finish(): void {
    const unread: Violation[] = Object.keys(this.raw)
      .filter((k) => !this.read.has(k))
      .map((k) => ({
        pointer: this.at(edcLocal(k)),
        message: k === '@id' ? 'means nothing on this route: it acts on the id in its path, or on none' : "is not supported by Kontor's EDC v3 layer (docs/edc-migration.md)",
      }));
    if (unread.length > 0) throw validationError(unread);
  }
}
