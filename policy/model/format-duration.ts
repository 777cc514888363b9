/**
 * Milliseconds as an ISO 8601 duration with days and time (no months), e.g. P12DT3H0M0S → "P12DT3H".
 * Whole seconds by default; with `exact`, the seconds keep their milliseconds (PT3.412S).
 */
export function formatDurationMs(ms: number, exact = false): string {
  const totalMs = Math.max(0, exact ? Math.round(ms) : Math.round(ms / 1000) * 1000);
  const wholeSeconds = Math.floor(totalMs / 1000);
  const days = Math.floor(wholeSeconds / 86_400);
  const h = Math.floor((wholeSeconds % 86_400) / 3600);
  const m = Math.floor((wholeSeconds % 3600) / 60);
  const s = wholeSeconds % 60;
  const frac = totalMs % 1000;
  const seconds = frac ? `${s}.${String(frac).padStart(3, '0').replace(/0+$/, '')}S` : s ? `${s}S` : '';
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${seconds}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
