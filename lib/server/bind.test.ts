import { describe, expect, it } from 'vitest';
import { isAuthorized, safeEqual, safeReturnPath } from './access';
import { BindError, parseBindOptions } from './bind';
import { startSession } from './sessions';

const TOKEN = 'correct-horse-battery-staple';

describe('parseBindOptions', () => {
  it('binds to loopback on port 3000 by default', () => {
    expect(parseBindOptions({})).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('takes HOST and PORT', () => {
    expect(parseBindOptions({ HOST: '::1', PORT: '8080' })).toEqual({ host: '::1', port: 8080 });
  });

  it.each(['0', '70000', 'eighty', '3000.5'])('refuses PORT=%s', (port) => {
    expect(() => parseBindOptions({ PORT: port })).toThrow(BindError);
    expect(() => parseBindOptions({ PORT: port })).toThrow(/PORT/);
  });

  it('refuses to listen beyond loopback without an access token, naming the variable', () => {
    expect(() => parseBindOptions({ HOST: '0.0.0.0' })).toThrow(/LINEAGE_ACCESS_TOKEN/);
    expect(() => parseBindOptions({ HOST: '192.168.1.10' })).toThrow(BindError);
  });

  it('listens beyond loopback with a long enough token', () => {
    expect(parseBindOptions({ HOST: '0.0.0.0', LINEAGE_ACCESS_TOKEN: TOKEN })).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(() => parseBindOptions({ HOST: '0.0.0.0', LINEAGE_ACCESS_TOKEN: 'short' })).toThrow(/too short/);
  });

  it('refuses a host with junk in it', () => {
    expect(() => parseBindOptions({ HOST: 'evil host/x' })).toThrow(/HOST/);
  });
});

describe('access token', () => {
  it('accepts the bearer token or the cookie of a live session, and nothing else', () => {
    expect(isAuthorized(TOKEN, `Bearer ${TOKEN}`, undefined)).toBe(true);
    expect(isAuthorized(TOKEN, null, startSession(TOKEN, 1).value)).toBe(true);
    expect(isAuthorized(TOKEN, 'Bearer wrong', undefined)).toBe(false);
    expect(isAuthorized(TOKEN, null, TOKEN)).toBe(false);
    expect(isAuthorized(TOKEN, null, undefined)).toBe(false);
  });

  it('compares strings of any length', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
  });

  it('only returns to paths on this site', () => {
    expect(safeReturnPath('/?selected=ami-1')).toBe('/?selected=ami-1');
    expect(safeReturnPath('//evil.example/')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });
});
