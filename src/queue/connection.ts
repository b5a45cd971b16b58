import { Redis } from 'ioredis';
import { UsageError, UserError } from '../errors.js';

/** A Redis URL as given, and what may be shown of it (no user name or password). */
export interface QueueUrl {
  readonly url: string;
  /** `redis://host:port/db` with any credentials replaced by `***`. */
  readonly shown: string;
  readonly connection: {
    readonly host: string;
    readonly port: number;
    readonly db: number;
    readonly username?: string;
    readonly password?: string;
    readonly tls?: object;
  };
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). */
export function parseQueueUrl(url: string): QueueUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--queue ${redactUrl(url)}: not a URL; give redis://host:port`);
  }
  const shown = redactUrl(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(`--queue ${shown}: not a redis:// or rediss:// URL`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new UsageError(`--queue ${shown}: the database (the path) must be a number, e.g. /0`);
  return {
    url,
    shown,
    connection: {
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 6379,
      db,
      ...(u.username && { username: decodeURIComponent(u.username) }),
      ...(u.password && { password: decodeURIComponent(u.password) }),
      ...(u.protocol === 'rediss:' && { tls: {} }),
    },
  };
}

/** The URL with user name and password replaced: what messages and run.json may hold. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
}

/**
 * A client that fails at once instead of retrying forever, for a first check that Redis is
 * there: the queue's own connections (BullMQ) retry, which would leave a wrong URL hanging.
 */
export async function checkReachable(q: QueueUrl): Promise<void> {
  const client = new Redis({
    ...q.connection,
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const reason = ((e as Error).message || String(e)).replaceAll(q.url, q.shown);
    throw new UserError(`cannot reach Redis at ${q.shown}: ${reason}`);
  } finally {
    client.disconnect();
  }
}

/** Connection options for BullMQ (workers need maxRetriesPerRequest null). */
export function bullConnection(q: QueueUrl) {
  return { ...q.connection, maxRetriesPerRequest: null };
}

/** A plain client for the run registry (keys next to the queues). */
export function redisClient(q: QueueUrl): Redis {
  const client = new Redis({ ...q.connection, maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  return client;
}
