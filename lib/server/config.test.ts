import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('reads a region list, TTL and flags', () => {
    const c = parseConfig({
      LINEAGE_REGIONS: ' us-east-1, eu-west-1 ,us-east-1',
      LINEAGE_CACHE_TTL_MS: '5000',
      LINEAGE_READ_ONLY: '1',
      AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4566',
    });
    expect(c.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(c.cacheTtlMs).toBe(5000);
    expect(c.readOnly).toBe(true);
    expect(c.endpoint).toBe('http://127.0.0.1:4566');
    expect(c.homeRegion).toBe('us-east-1');
  });

  it('defaults to every enabled region, a 15 s cache and actions allowed', () => {
    const c = parseConfig({});
    expect(c.regions).toBeUndefined();
    expect(c.cacheTtlMs).toBe(15_000);
    expect(c.readOnly).toBe(false);
    expect(c.demo).toBe(false);
    expect(c.endpoint).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ LINEAGE_REGIONS: '', LINEAGE_READ_ONLY: '' }).regions).toBeUndefined();
  });

  it('reads the accounts: profiles and role ARNs, an organization role, or the current credentials', () => {
    expect(
      parseConfig({ LINEAGE_ACCOUNTS: 'prod, arn:aws:iam::111122223333:role/ops/LineageReader,prod' }).accounts,
    ).toEqual({
      kind: 'list',
      entries: [
        { kind: 'profile', profile: 'prod' },
        { kind: 'role', roleArn: 'arn:aws:iam::111122223333:role/ops/LineageReader', accountId: '111122223333' },
      ],
    });
    expect(parseConfig({ LINEAGE_ORG_ROLE: 'LineageReader' }).accounts).toEqual({
      kind: 'organization',
      role: 'LineageReader',
    });
    expect(parseConfig({}).accounts).toEqual({ kind: 'current' });
    expect(parseConfig({}).concurrency).toBe(16);
    expect(parseConfig({ LINEAGE_CONCURRENCY: '4' }).concurrency).toBe(4);
  });

  it('takes the endpoint for every service when EC2 has none of its own', () => {
    expect(parseConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).endpoint).toBe('http://127.0.0.1:4566');
    expect(
      parseConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:5000' })
        .endpoint,
    ).toBe('http://127.0.0.1:5000');
  });

  it('refuses LINEAGE_ACCOUNTS and LINEAGE_ORG_ROLE together', () => {
    expect(() => parseConfig({ LINEAGE_ACCOUNTS: 'prod', LINEAGE_ORG_ROLE: 'LineageReader' })).toThrow(
      /LINEAGE_ACCOUNTS or LINEAGE_ORG_ROLE/,
    );
  });

  it.each([
    ['LINEAGE_ACCOUNTS', 'arn:aws:iam::1234:role/x', 'LINEAGE_ACCOUNTS'],
    ['LINEAGE_ACCOUNTS', ' , ', 'names no account'],
    ['LINEAGE_ORG_ROLE', 'role with spaces', 'LINEAGE_ORG_ROLE'],
    ['LINEAGE_CONCURRENCY', '0', 'LINEAGE_CONCURRENCY'],
    ['LINEAGE_REGIONS', 'us-east-1,not a region', 'LINEAGE_REGIONS'],
    ['LINEAGE_REGIONS', ',,', 'names no region'],
    ['LINEAGE_CACHE_TTL_MS', 'soon', 'LINEAGE_CACHE_TTL_MS'],
    ['LINEAGE_CACHE_TTL_MS', '-1', 'LINEAGE_CACHE_TTL_MS'],
    ['LINEAGE_READ_ONLY', 'maybe', 'LINEAGE_READ_ONLY'],
    ['AWS_ENDPOINT_URL_EC2', 'localhost 4566', 'AWS_ENDPOINT_URL_EC2'],
  ])('refuses %s=%s with a message naming it', (key, value, expected) => {
    expect(() => parseConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [key]: value })).toThrow(expected);
  });
});
