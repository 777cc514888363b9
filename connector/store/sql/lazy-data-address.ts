import type { DataAddress } from '../../../catalog/index.js';
import { sealedValueBroken } from '../sealed-value-broken.js';

/**
 * An asset's sealed data address as a read hands it out, opened only when used: its `type` (kept in clear beside the
 * sealed value, `clearType`) is read without opening it, which is all the catalog, the transfer request check and a
 * negotiation need; any other use (a member, its keys, a copy, its JSON) opens it, once. So a sealed value that does
 * not open (STORE_INTEGRITY) fails only the readers that need the address (the data flow, the management API showing
 * the asset), never a catalog page or a listing that passes over it. A row written before the type was kept in clear
 * opens for its type too. An address whose opened type is not the clear one was changed in the database: refused.
 */
export function lazyDataAddress(clearType: string | undefined, open: () => DataAddress, where: string): DataAddress {
  let opened: DataAddress | undefined;
  const full = (): DataAddress => {
    if (opened) return opened;
    const value = open();
    if (clearType !== undefined && value?.type !== clearType) {
      throw sealedValueBroken(`${where}: its type in clear (${clearType}) is not the sealed one (changed in the database)`, undefined);
    }
    opened = value;
    return value;
  };
  const clear = (key: string | symbol) => key === 'type' && clearType !== undefined && opened === undefined;
  return new Proxy({} as DataAddress, {
    get: (_target, key) => (clear(key) ? clearType : Reflect.get(full(), key)),
    has: (_target, key) => clear(key) || Reflect.has(full(), key),
    ownKeys: () => Reflect.ownKeys(full()),
    // Configurable, as a proxy must report a property its (empty) target does not hold.
    getOwnPropertyDescriptor: (_target, key) => {
      const found = Reflect.getOwnPropertyDescriptor(full(), key);
      return found ? { ...found, configurable: true } : undefined;
    },
    set: (_target, key, value) => Reflect.set(full(), key, value),
    deleteProperty: (_target, key) => Reflect.deleteProperty(full(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(full(), key, descriptor),
  });
}
