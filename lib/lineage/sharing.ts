/** Sharing and usage in words, for the details panel: who may use an image or snapshot, and who does. Pure. */
import { plural } from './story';
import type { ImageNode, ImageUsage, SnapshotNode } from './types';

const ORGANIZATION = /^arn:aws[\w-]*:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/;
const UNIT = /^arn:aws[\w-]*:organizations::\d{12}:ou\/o-[a-z0-9]+\/(ou-[a-z0-9-]+)$/;

/** The grantees of a launch or volume permission, sorted by what they are. */
export interface Grantees {
  public: boolean;
  accounts: string[];
  /** Organization ids (`o-…`). */
  organizations: string[];
  /** Organizational unit ids (`ou-…`). */
  units: string[];
}

export function grantees(sharedWith: readonly string[]): Grantees {
  const out: Grantees = { public: false, accounts: [], organizations: [], units: [] };
  for (const target of sharedWith) {
    const org = ORGANIZATION.exec(target);
    const unit = UNIT.exec(target);
    if (target === 'all') out.public = true;
    else if (org) out.organizations.push(org[1]!);
    else if (unit) out.units.push(unit[1]!);
    else out.accounts.push(target);
  }
  return out;
}

/** "a, b and c" */
function list(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** "Shared with 3 accounts and the organization o-…", "Public", "Not shared". */
export function sharingPhrase(sharedWith: readonly string[]): string {
  const g = grantees(sharedWith);
  const parts = [
    ...(g.accounts.length > 0 ? [plural(g.accounts.length, 'account')] : []),
    ...g.organizations.map((o) => `the organization ${o}`),
    ...g.units.map((u) => `the OU ${u}`),
  ];
  if (g.public) return parts.length > 0 ? `Public, and shared with ${list(parts)}` : 'Public';
  return parts.length > 0 ? `Shared with ${list(parts)}` : 'Not shared with other accounts';
}

/** "used by 4 accounts (2 not readable here): 37 instances", or what is known of the report instead. */
export function usagePhrase(usage: ImageUsage, readable: ReadonlySet<string>): string {
  switch (usage.state) {
    case 'pending':
      return 'its usage report is being made';
    case 'unavailable':
      return `its usage report is not available (${usage.code})`;
    case 'available': {
      const { accounts } = usage;
      if (accounts.length === 0) return 'used by no account';
      const unreadable = accounts.filter((a) => !readable.has(a.accountId)).length;
      const instances = accounts.reduce((n, a) => n + a.instances, 0);
      const templates = accounts.reduce((n, a) => n + a.launchTemplates, 0);
      const what = [plural(instances, 'instance'), ...(templates > 0 ? [plural(templates, 'launch template')] : [])];
      const note = unreadable > 0 ? ` (${unreadable} not readable here)` : '';
      return `used by ${plural(accounts.length, 'account')}${note}: ${what.join(', ')}`;
    }
    default: {
      const unknown: never = usage;
      throw new Error(`Unknown usage ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The panel's sentence on an owned image or snapshot: who it is shared with and, for a shared image, who uses it.
 * Null for what is not owned here, or whose sharing has not been read yet.
 */
export function sharingSentence(node: ImageNode | SnapshotNode, readable: ReadonlySet<string>): string | null {
  const { sharedWith } = node.details;
  if (node.external || sharedWith === undefined) return null;
  const usage = node.kind === 'image' ? node.details.usage : undefined;
  return `${sharingPhrase(sharedWith)}${usage ? `; ${usagePhrase(usage, readable)}` : ''}.`;
}
