import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * How Thetis reaches NATS and how its streams behave: defaults, then a settings object (a config
 * file's `nats` section), then the environment. Secrets (password, token, nkey seed) are held here
 * and handed to the client only; `describeNats` is what may be logged.
 */
const publishSchema = z
  .object({
    /** Attempts per message, the first included. */
    attempts: z.number().int().min(1).max(100).default(6),
    /** PubAck wait per attempt. */
    timeoutMs: z.number().int().positive().default(2_000),
    /** Backoff before attempt n+1: baseDelayMs × 2^(n−1), capped at maxDelayMs. */
    baseDelayMs: z.number().int().nonnegative().default(100),
    maxDelayMs: z.number().int().nonnegative().default(5_000),
  })
  .strict();

/** The longest a publisher keeps retrying one message. */
export function retryHorizonMs(p: z.infer<typeof publishSchema>): number {
  let total = p.attempts * p.timeoutMs;
  for (let n = 1; n < p.attempts; n++) total += Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (n - 1));
  return total;
}

const schema = z
  .object({
    url: z.string().min(1).default('nats://127.0.0.1:4222'),
    namespace: z.string().default('thetis'),
    user: z.string().optional(),
    password: z.string().optional(),
    token: z.string().optional(),
    /** An nkey seed (SU…), or read from `nkeySeedFile`. */
    nkeySeed: z.string().optional(),
    tls: z.object({ caFile: z.string().optional(), certFile: z.string().optional(), keyFile: z.string().optional() }).strict().optional(),
    /** JetStream's duplicate window: must outlast every retry of a publish. */
    duplicateWindowMs: z.number().int().positive().default(15 * 60_000),
    /** Streams on disk (survive a server restart) or in memory. */
    storage: z.enum(['file', 'memory']).default('file'),
    publish: publishSchema.default({ attempts: 6, timeoutMs: 2_000, baseDelayMs: 100, maxDelayMs: 5_000 }),
    /** How long a consumer's message may stay unacknowledged before JetStream redelivers it. */
    ackWaitMs: z.number().int().positive().default(30_000),
    /** Pause between reconnect attempts (the client adds jitter); it retries for ever. */
    reconnectWaitMs: z.number().int().positive().default(500),
  })
  .strict()
  .refine((s) => s.duplicateWindowMs > retryHorizonMs(s.publish), {
    message: 'nats.duplicateWindowMs must be longer than the publish retry horizon (attempts × timeoutMs + backoffs)',
    path: ['duplicateWindowMs'],
  });

export type NatsSettings = z.infer<typeof schema>;
export type NatsSettingsInput = z.input<typeof schema>;

/** The environment's part: NATS_URL, NATS_NAMESPACE, NATS_USER, NATS_PASSWORD, NATS_TOKEN, NATS_NKEY_SEED(_FILE), NATS_TLS_CA/CERT/KEY. */
function fromEnv(env: NodeJS.ProcessEnv): NatsSettingsInput {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  set('url', env.NATS_URL);
  set('namespace', env.NATS_NAMESPACE);
  set('user', env.NATS_USER);
  set('password', env.NATS_PASSWORD);
  set('token', env.NATS_TOKEN);
  set('nkeySeed', env.NATS_NKEY_SEED ?? (env.NATS_NKEY_SEED_FILE ? readFileSync(env.NATS_NKEY_SEED_FILE, 'utf8').trim() : undefined));
  if (env.NATS_TLS_CA || env.NATS_TLS_CERT || env.NATS_TLS_KEY) {
    out.tls = { caFile: env.NATS_TLS_CA, certFile: env.NATS_TLS_CERT, keyFile: env.NATS_TLS_KEY };
  }
  return out as NatsSettingsInput;
}

export class NatsSettingsError extends Error {
  override readonly name = 'NatsSettingsError';
}

/** Validated settings: `input` over the defaults, the environment over both. Names each bad key (never its value). */
export function loadNatsSettings(input: NatsSettingsInput = {}, env: NodeJS.ProcessEnv = process.env): NatsSettings {
  const parsed = schema.safeParse({ ...input, ...fromEnv(env) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `nats.${i.path.join('.')}: ${i.message}`);
    throw new NatsSettingsError(`invalid NATS settings: ${problems.join('; ')}`);
  }
  return Object.freeze(credentialsOutOfUrl(parsed.data));
}

/**
 * `nats://user:pass@host` (or `nats://token@host`), as operators often write NATS_URL: the client
 * does not read credentials from a URL, so they move to user/password (or token), and the URL keeps
 * none. Credentials given on their own win.
 */
function credentialsOutOfUrl(s: NatsSettings): NatsSettings {
  let user: string | undefined;
  let password: string | undefined;
  const servers = s.url.split(',').map((raw) => {
    const m = /^([a-z]+:\/\/)([^@/]*)@(.*)$/i.exec(raw.trim());
    if (!m) return raw.trim();
    const [, scheme, creds = '', host] = m;
    const colon = creds.indexOf(':');
    user ??= decodeURIComponent(colon < 0 ? creds : creds.slice(0, colon));
    password ??= colon < 0 ? undefined : decodeURIComponent(creds.slice(colon + 1));
    return `${scheme}${host}`;
  });
  if (user === undefined) return s;
  const url = servers.join(',');
  if (password === undefined) return { ...s, url, token: s.token ?? user };
  return { ...s, url, user: s.user ?? user, password: s.password ?? password };
}

/** Settings from a JSON file (`--nats-config`), under the environment; errors name the file. Without a path, defaults and environment. */
export function loadNatsSettingsFile(path: string | undefined, env: NodeJS.ProcessEnv = process.env): NatsSettings {
  if (path === undefined) return loadNatsSettings({}, env);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NatsSettingsError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new NatsSettingsError(`${path}: NATS settings must be a JSON object`);
  try {
    return loadNatsSettings(raw as NatsSettingsInput, env);
  } catch (e) {
    throw e instanceof NatsSettingsError ? new NatsSettingsError(`${path}: ${e.message}`) : e;
  }
}

/** What may be logged about the connection: the servers without credentials, and which kind of auth. */
export function describeNats(s: NatsSettings): { servers: string[]; auth: string; tls: boolean } {
  const servers = s.url.split(',').map((u: string) => u.trim().replace(/\/\/[^@/]*@/, '//'));
  const auth = s.nkeySeed ? 'nkey' : s.token ? 'token' : s.user ? 'user' : 'none';
  return { servers, auth, tls: s.tls !== undefined };
}
