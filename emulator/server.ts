import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Emulator, type EmulatorOptions } from './emulator';
import { Ec2Error, invalidAction } from './errors';
import { decodeInput, encodeOutput, operationSchema } from './protocol/codec';
import { QueryParams } from './protocol/form';
import { regionFromRequest } from './protocol/region';
import { errorXml } from './protocol/xml';
import { SCENARIOS, isScenarioName, loadScenario } from './scenarios';

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
const DEFAULT_REGION = 'us-east-1';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Ec2Error('RequestEntityTooLarge', 'The request body is too large.', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json', JSON.stringify(value), randomUUID());

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
      if (url.pathname !== '/') return sendJson(res, 404, { error: `No route ${url.pathname}` });
      await this.api(req, res, url);
    } catch (error) {
      const requestId = randomUUID();
      if (error instanceof Ec2Error)
        return send(res, error.status, 'text/xml', errorXml(error.code, error.message, requestId), requestId);
      console.error('emulator: internal error', error);
      send(res, 500, 'text/xml', errorXml('InternalError', 'An internal error has occurred.', requestId), requestId);
    }
  };

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    if (req.method !== 'POST' && req.method !== 'GET') {
      return send(res, 405, 'text/xml', errorXml('InvalidAction', 'Use POST or GET.', requestId), requestId);
    }
    const body = req.method === 'POST' ? await readBody(req) : '';
    const params = new QueryParams([...url.searchParams, ...new URLSearchParams(body)]);
    const action = params.get('Action') ?? '';
    const region = regionFromRequest(req.headers.authorization, url.searchParams) ?? DEFAULT_REGION;
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    try {
      const schema = operationSchema(action);
      if (!schema) throw invalidAction(action);
      const input = decodeInput(schema, params);
      const result = this.emulator.invoke(region, action, input, { api: true });
      send(res, 200, 'text/xml', encodeOutput(schema, action, requestId, result), requestId);
    } catch (error) {
      if (!(error instanceof Ec2Error)) throw error;
      send(res, error.status, 'text/xml', errorXml(error.code, error.message, requestId), requestId);
    }
  }

  private async control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const em = this.emulator;
    const path = url.pathname.slice('/_emulator/'.length);
    if (path === 'health' && req.method === 'GET') {
      return sendJson(res, 200, { status: 'ok', scenario: em.scenario, accountId: em.accountId });
    }
    if (req.method !== 'POST' && req.method !== 'DELETE') return sendJson(res, 405, { error: 'Use POST.' });
    if (path === 'reset') {
      loadScenario(em, em.scenario);
      return sendJson(res, 200, { status: 'ok', scenario: em.scenario });
    }
    if (path.startsWith('scenario/')) {
      const name = decodeURIComponent(path.slice('scenario/'.length));
      if (!isScenarioName(name)) {
        return sendJson(res, 404, {
          error: `Unknown scenario '${name}'. Known: ${SCENARIOS.join(', ')}, synthetic:N[:SEED].`,
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

function parseFault(body: string): Parameters<Emulator['addFault']>[0] | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'The fault must be JSON: {"code", "message"?, "status"?, "action"?, "region"?, "count"?}';
  }
  if (typeof value !== 'object' || value === null) return 'The fault must be a JSON object.';
  const v = value as Record<string, unknown>;
  if (typeof v.code !== 'string' || v.code === '') return 'The fault needs a "code".';
  const optionalString = (k: string) =>
    v[k] === undefined || typeof v[k] === 'string' ? undefined : `"${k}" must be a string.`;
  const problem = optionalString('action') ?? optionalString('region') ?? optionalString('message');
  if (problem) return problem;
  if (v.status !== undefined && (typeof v.status !== 'number' || v.status < 400 || v.status > 599))
    return '"status" must be 400–599.';
  if (v.count !== undefined && (typeof v.count !== 'number' || v.count < 1))
    return '"count" must be a positive number.';
  return {
    code: v.code,
    message: (v.message as string | undefined) ?? `Injected fault ${v.code}.`,
    status: v.status ?? 400,
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
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
