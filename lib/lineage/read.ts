/**
 * Reading inventory fields as they arrive: the SDK's Dates, JSON strings, and other endpoints' "None" and "".
 * Every reader answers null for what is absent or unreadable.
 */
import { isReadableId } from './ec2';
import type { InventoryTags, Timestamp } from './inventory';
import type { NodeKind } from './types';

/** moto and LocalStack send the string "None"; treat it, "" and null as absent. */
export function clean(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  // Most values need no trimming: a printable ASCII character (never white space) at both ends.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  const s = first > 32 && first < 127 && last > 32 && last < 127 ? value : value.trim();
  return s === '' || s === 'None' ? null : s;
}

/** An id of that kind, or null (absent, "None", of another kind, or `vol-ffffffff`, which every copy carries). */
export function readId(kind: NodeKind, value: unknown): string | null {
  const s = clean(value);
  return s !== null && isReadableId(kind, s) ? s : null;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const s = clean(value);
    if (s === null) return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const MIN_FAST_MS = -62167219200000; // 0000-01-01T00:00:00.000Z
const MAX_FAST_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
/** Character codes: the digit 0, and the separators of an ISO-8601 timestamp. */
const [ZERO, DASH, T, COLON, DOT, Z] = [48, 45, 84, 58, 46, 90];

/**
 * `Date.prototype.toISOString` for years 0–9999, several times faster and, unlike a concatenation, a flat string
 * (a 50k-resource graph holds 100k of them). Every part stays a small integer and the characters go straight to
 * `fromCharCode`, so nothing but the string itself is allocated. Civil-from-days after Howard Hinnant.
 */
function isoFromMs(ms: number): string {
  if (ms < MIN_FAST_MS || ms > MAX_FAST_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86400000);
  const t = ms - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = (yoe + era * 400 + (mo <= 2 ? 1 : 0)) | 0;
  const d = (doy - Math.floor((153 * mp + 2) / 5) + 1) | 0;
  const h = (t / 3600000) | 0;
  const mi = ((t / 60000) | 0) % 60;
  const s = ((t / 1000) | 0) % 60;
  const f = (t % 1000) | 0;
  // prettier-ignore
  return String.fromCharCode(
    ZERO + ((y / 1000) | 0), ZERO + (((y / 100) | 0) % 10), ZERO + (((y / 10) | 0) % 10), ZERO + (y % 10), DASH,
    ZERO + ((mo / 10) | 0), ZERO + (mo % 10), DASH, ZERO + ((d / 10) | 0), ZERO + (d % 10), T,
    ZERO + ((h / 10) | 0), ZERO + (h % 10), COLON, ZERO + ((mi / 10) | 0), ZERO + (mi % 10), COLON,
    ZERO + ((s / 10) | 0), ZERO + (s % 10), DOT, ZERO + ((f / 100) | 0), ZERO + (((f / 10) | 0) % 10), ZERO + (f % 10), Z,
  );
}

/** ISO-8601 with milliseconds (UTC), or null for absent or unparseable values. */
export function iso(value: Timestamp | null | undefined): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') {
    // a Date, possibly from another realm (so no instanceof)
    const t = typeof value.getTime === 'function' ? value.getTime() : Number.NaN;
    return Number.isNaN(t) ? null : isoFromMs(t);
  }
  const s = clean(value);
  if (s === null) return null;
  if (s.length === 24 && CANONICAL_ISO.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : isoFromMs(t);
}

export function tagRecord(tags: InventoryTags): Record<string, string> {
  if (!tags || tags.length === 0) return {};
  const out: Record<string, string> = {};
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const key = tag?.Key;
    if (typeof key !== 'string' || key === '' || key === '__proto__') continue;
    out[key] = typeof tag.Value === 'string' ? tag.Value : '';
  }
  return out;
}
