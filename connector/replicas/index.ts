export type { SharedSetting } from './shared-setting.js';
export { replicaSettings } from './replica-settings.js';
export { compareSettings } from './compare-settings.js';
export { PER_PROCESS } from './setting-fingerprint.js';
export { checkClockAtStart, judgeClockSkew, measureClockSkew, type ClockSkew, type ClockVerdict } from './clock-skew.js';
