import { describe, expect, it } from 'vitest';
import { StoreError, describeLocation, parseStoreConfig, redactUrl } from './config';

describe('parseStoreConfig', () => {
  it('keeps history embedded under .lineage by default, for 400 days', () => {
    expect(parseStoreConfig({}, '/srv/app')).toEqual({
      kind: 'embedded',
      dataDir: '/srv/app/.lineage',
      historyDays: 400,
    });
  });

  it('takes LINEAGE_DATA_DIR relative to the working directory, or absolute', () => {
    expect(parseStoreConfig({ LINEAGE_DATA_DIR: 'data' }, '/srv/app')).toMatchObject({ dataDir: '/srv/app/data' });
    expect(parseStoreConfig({ LINEAGE_DATA_DIR: '/var/lib/lineage' }, '/srv/app')).toMatchObject({
      dataDir: '/var/lib/lineage',
    });
  });

  it('uses PostgreSQL with DATABASE_URL', () => {
    expect(parseStoreConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/lineage', LINEAGE_HISTORY_DAYS: '30' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://u:p@db:5432/lineage',
      historyDays: 30,
    });
  });

  it('is off with LINEAGE_HISTORY_DAYS=0', () => {
    expect(parseStoreConfig({ LINEAGE_HISTORY_DAYS: '0', DATABASE_URL: 'postgres://db/x' })).toEqual({ kind: 'off' });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://u:secret@db/x' }, /DATABASE_URL="mysql:\/\/u:\*\*\*@db\/x" is not a postgres/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL=.* is not a URL/],
    [{ LINEAGE_HISTORY_DAYS: 'forever' }, /LINEAGE_HISTORY_DAYS="forever" is not a number/],
    [{ LINEAGE_HISTORY_DAYS: '-1' }, /LINEAGE_HISTORY_DAYS="-1" is negative/],
    [{ LINEAGE_HISTORY_DAYS: '1.5' }, /LINEAGE_HISTORY_DAYS="1.5" is not a whole number/],
  ])('refuses %j naming the variable', (env, message) => {
    const error = (() => {
      try {
        parseStoreConfig(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('InvalidConfiguration');
    expect((error as StoreError).message).toMatch(message);
    expect((error as StoreError).message).not.toMatch(/secret/);
  });

  it('describes where history is, without a password', () => {
    expect(describeLocation({ kind: 'postgres', url: 'postgres://u:pw@db/x', historyDays: 1 })).toBe(
      'DATABASE_URL=postgres://u:***@db/x',
    );
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
  });
});
