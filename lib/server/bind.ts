import { MIN_TOKEN_LENGTH } from './access';

/** Where the app listens, checked before it starts: never open to the network without an access token. */
export interface BindOptions {
  host: string;
  port: number;
}

export class BindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindError';
  }
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

export const isLoopback = (host: string) => LOOPBACK.test(host);

export function parseBindOptions(env: Record<string, string | undefined>, defaultPort = 3000): BindOptions {
  const host = env.HOST?.trim() || '127.0.0.1';
  const rawPort = env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new BindError(`PORT=${JSON.stringify(rawPort)} is not a port number (1–65535).`);
  }
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    throw new BindError(`HOST=${JSON.stringify(host)} is not a host name or address.`);
  const token = env.LINEAGE_ACCESS_TOKEN;
  if (!isLoopback(host)) {
    if (!token) {
      throw new BindError(
        `Refusing to listen on ${host}: Lineage can launch and delete resources, so binding beyond 127.0.0.1 needs LINEAGE_ACCESS_TOKEN set (at least ${MIN_TOKEN_LENGTH} characters).`,
      );
    }
  }
  if (token !== undefined && token !== '' && token.length < MIN_TOKEN_LENGTH) {
    throw new BindError(`LINEAGE_ACCESS_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} characters.`);
  }
  return { host, port };
}
