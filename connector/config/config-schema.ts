import { SERVER_AND_STORE_SETTINGS } from './settings/server-and-store.js';
import { IDENTITY_SETTINGS } from './settings/identity.js';
import { NETWORK_SETTINGS } from './settings/network.js';
import { PROTOCOL_SETTINGS } from './settings/protocol.js';
import { DATA_AND_OPERATIONS_SETTINGS } from './settings/data-and-operations.js';
import type { Setting } from './setting.js';

export type { Setting, SettingType } from './setting.js';

/**
 * The one configuration schema. Every setting has a dotted key, a type, a default, a one-line
 * description and an explicit environment variable. docs/config.md is generated from this list.
 */
export const CONFIG_SCHEMA: readonly Setting[] = [...SERVER_AND_STORE_SETTINGS, ...IDENTITY_SETTINGS, ...NETWORK_SETTINGS, ...PROTOCOL_SETTINGS, ...DATA_AND_OPERATIONS_SETTINGS];
