import type { LineageNode } from './types';

/** What is known of a resource's EBS encryption: encrypted or not, and with which KMS key. */
export interface EncryptionFacts {
  encrypted: boolean;
  /** The key's ARN; null when not encrypted or not reported. */
  kmsKeyId: string | null;
}

/** A volume's, snapshot's or image's encryption; null for an instance, a ghost and a graph recorded before it was read. */
export function encryptionOf(node: LineageNode): EncryptionFacts | null {
  if (node.kind === 'instance') return null;
  const encrypted = node.details.encrypted;
  if (encrypted === undefined || encrypted === null) return null;
  return { encrypted, kmsKeyId: encrypted ? (node.details.kmsKeyId ?? null) : null };
}

/** A KMS key ARN as people read it: the alias or `key/1234abcd…`, with its account when it is another's. */
export function kmsKeyLabel(arn: string | null, accountId: string | null = null): string {
  if (arn === null) return 'a KMS key';
  const match = /^arn:aws[\w-]*:kms:[^:]+:(\d{12}):(alias\/.+|key\/(.+))$/.exec(arn);
  if (!match) return arn;
  const [, account, name, id] = match;
  const short = id ? `key/${id.slice(0, 8)}…` : name!;
  return accountId !== null && account !== accountId ? `${short} of ${account}` : short;
}

/** The details panel's line: "KMS key key/1a2b3c4d…" or "not encrypted"; null when not known. */
export function encryptionText(node: LineageNode): string | null {
  const facts = encryptionOf(node);
  if (facts === null) return null;
  return facts.encrypted ? `encrypted with ${kmsKeyLabel(facts.kmsKeyId, node.accountId)}` : 'not encrypted';
}
