/** Fields every stored management resource carries. */
export interface ResourceMeta {
  id: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  updatedAt: number;
  /** Optimistic-lock version: 1 after create, +1 on every replace. */
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** A place in the listing order (`createdAt`, then `id`: a total order, ids are unique). */
export interface ListSeek {
  createdAt: number;
  id: string;
  /** `after`: the items after this place, in listing order; `before`: the items before it, nearest first. */
  direction: 'after' | 'before';
}

export interface ListQuery<F> {
  offset: number;
  limit: number;
  filter: F;
  /** Start at a place instead of the beginning (keyset paging): `offset` and `total` count from there. */
  seek?: ListSeek;
}

/**
 * Create, read, replace, delete and list one kind of resource.
 * - `create` throws ALREADY_EXISTS when the id is taken.
 * - `replace` throws NOT_FOUND when the id is unknown, and VERSION_CONFLICT when `expectedVersion`
 *   does not match the stored version (a lost update is a conflict, never an overwrite).
 * - `delete` throws NOT_FOUND when the id is unknown, VERSION_CONFLICT when `expectedVersion` does not match the
 *   stored version, and STILL_REFERENCED when another resource points at it.
 * - `find…` returns undefined, `get…` throws NOT_FOUND.
 * Every method is atomic: a failure leaves nothing half-written.
 */
export interface ResourceStore<T extends ResourceMeta, F> {
  create(resource: Omit<T, 'createdAt' | 'updatedAt' | 'version'>): Promise<T>;
  replace(resource: Omit<T, 'createdAt' | 'updatedAt' | 'version'>, expectedVersion?: number): Promise<T>;
  findById(id: string): Promise<T | undefined>;
  getById(id: string): Promise<T>;
  delete(id: string, expectedVersion?: number): Promise<void>;
  list(query: ListQuery<F>): Promise<Page<T>>;
}
