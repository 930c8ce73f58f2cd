import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountSummaries, organizationArn } from './accounts';
import { Emulator, type EmulatorOptions } from './emulator';
import { ApiError } from './errors';
import { ec2ErrorXml } from './protocol/ec2-query';
import type { WireResponse } from './protocol/wire';
import { route } from './router';
import { SCENARIO_NAMES, isScenarioName, loadScenario } from './scenarios';

export interface ServerOptions extends EmulatorOptions {
  port?: number;
  host?: string;
  /** Added before every answer, to look like a distant endpoint. */
  latencyMs?: number;
  /** Seeded at start unless a state file already holds state. */
  scenario?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('RequestEntityTooLarge', 'The request body is too large.', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: WireResponse, requestId: string): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    'x-amzn-requestid': requestId,
  });
  res.end(answer.body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, { status, contentType: 'application/json', body: JSON.stringify(value) }, randomUUID());

const xmlError = (status: number, code: string, message: string, requestId: string): WireResponse => ({
  status,
  contentType: 'text/xml',
  body: ec2ErrorXml(code, message, requestId),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EmulatorHttp {
  constructor(
    readonly emulator: Emulator,
    private readonly latencyMs = 0,
  ) {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith('/_emulator/')) return await this.control(req, res, url);
      await this.api(req, res, url);
    } catch (error) {
      const requestId = randomUUID();
      if (error instanceof ApiError)
        return send(res, xmlError(error.status, error.code, error.message, requestId), requestId);
      console.error('emulator: internal error', error);
      send(res, xmlError(500, 'InternalError', 'An internal error has occurred.', requestId), requestId);
    }
  };

  /** Every AWS request: the router picks the service, the account and the region. */
  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' ? await readBody(req) : '';
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const request = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
    };
    const { requestId, ...answer } = route(this.emulator, request);
    send(res, answer, requestId);
  }

  private async control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const em = this.emulator;
    const path = url.pathname.slice('/_emulator/'.length);
    if (path === 'health' && req.method === 'GET') {
      return sendJson(res, 200, { status: 'ok', scenario: em.scenario, accountId: em.defaultAccountId });
    }
    if (path === 'accounts' && req.method === 'GET') return sendJson(res, 200, accountsOf(em));
    if (req.method !== 'POST' && req.method !== 'DELETE') return sendJson(res, 405, { error: 'Use POST.' });
    if (path === 'reset') {
      loadScenario(em, em.scenario);
      return sendJson(res, 200, { status: 'ok', scenario: em.scenario });
    }
    if (path.startsWith('scenario/')) {
      const name = decodeURIComponent(path.slice('scenario/'.length));
      if (!isScenarioName(name)) {
        return sendJson(res, 404, {
          error: `Unknown scenario '${name}'. Known: ${SCENARIO_NAMES}.`,
        });
      }
      loadScenario(em, name);
      return sendJson(res, 200, { status: 'ok', scenario: em.scenario });
    }
    if (path === 'faults') {
      if (req.method === 'DELETE') {
        em.clearFaults();
        return sendJson(res, 200, { status: 'ok' });
      }
      const fault = parseFault(await readBody(req));
      if (typeof fault === 'string') return sendJson(res, 400, { error: fault });
      em.addFault(fault);
      return sendJson(res, 200, { status: 'ok' });
    }
    return sendJson(res, 404, { error: `No control route ${url.pathname}` });
  }
}

function accountsOf(em: Emulator) {
  const org = em.organization;
  return {
    defaultAccountId: em.defaultAccountId,
    organization: org ? { id: org.id, arn: organizationArn(org), managementAccountId: org.managementAccountId } : null,
    accounts: accountSummaries(em.view),
  };
}

function parseFault(body: string): Parameters<Emulator['addFault']>[0] | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'The fault must be JSON: {"code", "message"?, "status"?, "service"?, "action"?, "region"?, "count"?}';
  }
  if (typeof value !== 'object' || value === null) return 'The fault must be a JSON object.';
  const v = value as Record<string, unknown>;
  if (typeof v.code !== 'string' || v.code === '') return 'The fault needs a "code".';
  const optionalString = (k: string) =>
    v[k] === undefined || typeof v[k] === 'string' ? undefined : `"${k}" must be a string.`;
  const problem =
    optionalString('service') ?? optionalString('action') ?? optionalString('region') ?? optionalString('message');
  if (problem) return problem;
  if (v.status !== undefined && (typeof v.status !== 'number' || v.status < 400 || v.status > 599))
    return '"status" must be 400–599.';
  if (v.count !== undefined && (typeof v.count !== 'number' || v.count < 1))
    return '"count" must be a positive number.';
  return {
    code: v.code,
    message: (v.message as string | undefined) ?? `Injected fault ${v.code}.`,
    status: v.status ?? 400,
    service: v.service as string | undefined,
    action: v.action as string | undefined,
    region: v.region as string | undefined,
    remaining: v.count,
  };
}

/** Starts the emulator on 127.0.0.1 (port 0 picks a free one), seeding the scenario unless state was restored. */
export async function startEmulator(options: ServerOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  if (!emulator.restored) loadScenario(emulator, options.scenario ?? 'empty');
  const http = new EmulatorHttp(emulator, options.latencyMs);
  const server: Server = createServer((req, res) => void http.handle(req, res));
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          try {
            emulator.close();
          } catch (closing) {
            return reject(closing instanceof Error ? closing : new Error(String(closing)));
          }
          return error ? reject(error) : resolve();
        });
        server.closeAllConnections();
      }),
  };
}
