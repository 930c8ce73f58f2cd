/**
 * EC2's rules for ids and names, in one place: the lineage model reads inventories with them and the API checks
 * what the browser sends with them.
 */
import type { NodeKind } from './types';

export const ID_PREFIX = { instance: 'i', volume: 'vol', snapshot: 'snap', image: 'ami' } as const satisfies Record<
  NodeKind,
  string
>;

/** What EC2 issues: the prefix and 8 or 17 lowercase hex digits (`ami-0123456789abcdef0`). */
const ISSUED_ID: Record<NodeKind, RegExp> = {
  instance: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
  volume: /^vol-[0-9a-f]{8}([0-9a-f]{9})?$/,
  snapshot: /^snap-[0-9a-f]{8}([0-9a-f]{9})?$/,
  image: /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/,
};

const [DASH, UNDERSCORE] = [45, 95];
const isAlphanumeric = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * What an inventory may hold: other EC2-compatible endpoints write ids of their own shapes (`ami-1a2b3c4d`,
 * `vol-abc-def`), so reading is lenient about the digits but never about the prefix: the prefix, `-`, a letter or
 * digit, then letters, digits, `_` and `-` (`/^vol-[A-Za-z0-9][\w-]*$/`). Checked character by character, as every
 * id and reference of an inventory is (a regular expression costs several times more per call).
 */
function isReadableShape(prefix: string, id: string): boolean {
  const n = prefix.length;
  if (id.length < n + 2 || !id.startsWith(prefix) || id.charCodeAt(n) !== DASH) return false;
  if (!isAlphanumeric(id.charCodeAt(n + 1))) return false;
  for (let i = n + 2; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!isAlphanumeric(c) && c !== DASH && c !== UNDERSCORE) return false;
  }
  return true;
}

/** The VolumeId every copied snapshot carries: not a volume. */
export const COPIED_SNAPSHOT_VOLUME_ID = 'vol-ffffffff';

/** An id as EC2 issues it, of that kind. */
export const issuedIdPattern = (kind: NodeKind): RegExp => ISSUED_ID[kind];

/** Any id EC2 issues for an instance, volume, snapshot or image. */
export const ANY_ISSUED_ID = /^(i|vol|snap|ami)-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** An id of that kind as an inventory may hold it; `vol-ffffffff` is no volume's id. */
export function isReadableId(kind: NodeKind, id: string): boolean {
  return isReadableShape(ID_PREFIX[kind], id) && !(kind === 'volume' && id === COPIED_SNAPSHOT_VOLUME_ID);
}

/** A region name, `us-east-1`, `us-gov-west-1`, `us-iso-east-1`, as a regular expression's source. */
export const REGION_NAME = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}';
export const REGION_PATTERN = new RegExp(`^${REGION_NAME}$`);
/** An availability zone name: a region and a letter. */
export const AVAILABILITY_ZONE_PATTERN = new RegExp(`^${REGION_NAME}[a-z]$`);

/** AWS's rule for AMI names: 3–128 characters of letters, digits, spaces and ( ) [ ] . / - ' @ _. */
export const IMAGE_NAME = {
  min: 3,
  max: 128,
  pattern: /^[A-Za-z0-9()[\] ./\-'@_]+$/,
  characters: "letters, digits, spaces and ( ) [ ] . / - ' @ _",
} as const;
const NOT_IN_IMAGE_NAME = /[^A-Za-z0-9()[\] ./\-'@_]/g;

/** A valid AMI name made from another name and the time: `web-1-202611211530`. */
export function suggestImageName(base: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return `${base.replace(NOT_IN_IMAGE_NAME, '-').slice(0, 100)}-${stamp}`;
}

export const EBS_VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
export type EbsVolumeType = (typeof EBS_VOLUME_TYPES)[number];

const VOLUME_TYPE_SET: ReadonlySet<string> = new Set(EBS_VOLUME_TYPES);
export function isEbsVolumeType(value: unknown): value is EbsVolumeType {
  return typeof value === 'string' && VOLUME_TYPE_SET.has(value);
}

/** Why EC2 refuses a volume of that size restored from a snapshot of `snapshotGiB`; null when it accepts it. */
export function restoredSizeProblem(sizeGiB: number, snapshotGiB: number | null): string | null {
  if (snapshotGiB !== null && sizeGiB < snapshotGiB) {
    return `Size must be at least the snapshot's ${snapshotGiB} GiB: EC2 refuses a smaller volume.`;
  }
  return null;
}
