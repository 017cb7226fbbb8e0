import { ArgumentError } from '../errors.js';

/** The parts of a database URL, as {@link DatabaseUrl.create} takes them. */
export interface DatabaseUrlParts {
  /** `backend` or `backend+driver`, such as `postgresql` or `mysql+mysql2`. */
  drivername: string;
  username?: string | null | undefined;
  password?: string | null | undefined;
  host?: string | null | undefined;
  port?: number | null | undefined;
  database?: string | null | undefined;
  /** Options for the driver, from the query string. A key given twice holds an array. */
  query?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

/** How {@link DatabaseUrl.renderAsString} renders the password. */
export interface RenderOptions {
  /**
   * Show `***` instead of the password, and of query options named like one (`sslpassword`,
   * `token`). Default: true.
   */
  hidePassword?: boolean;
}

// SQLAlchemy's grammar: backend[+driver]://[user[:password]@][host][:port][/database][?query].
// The user and password are split off first (see splitUserinfo); the rest is read by hostPattern.
const schemePattern = /^(?<name>[\w+-]+):\/\/(?<rest>.*)$/s;
const hostPattern =
  /^(?:\[(?<ipv6host>[^\]/?]+)\]|(?<ipv4host>[^/:?]*))(?::(?<port>[^/?]*))?(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?$/s;

/** Query options that hold secrets (libpq's `sslpassword`, a `password` given as an option). */
const secretQueryKey = /pass|pwd|secret|token/i;

/**
 * A database URL: `backend[+driver]://user:password@host:port/database?option=value`
 * (SQLAlchemy's `URL`). Immutable; {@link DatabaseUrl.set} returns a changed copy.
 *
 * Printing a URL never shows its password: `toString()`, `JSON.stringify`, `util.inspect` and
 * every log and error message use `renderAsString({ hidePassword: true })`. The password is kept
 * in a private field behind a getter, so spreading or cloning a URL does not copy it either.
 *
 * @example
 * const url = makeUrl('postgresql://scott:tiger@localhost:5432/test');
 * url.getBackendName(); // 'postgresql'
 * url.renderAsString(); // 'postgresql://scott:***@localhost:5432/test'
 */
export class DatabaseUrl {
  readonly drivername: string;
  readonly username: string | null;
  readonly #password: string | null;
  readonly host: string | null;
  readonly port: number | null;
  readonly database: string | null;
  readonly query: Readonly<Record<string, string | readonly string[]>>;

  private constructor(parts: DatabaseUrlParts) {
    this.drivername = parts.drivername;
    this.username = parts.username ?? null;
    this.#password = parts.password ?? null;
    this.host = parts.host ?? null;
    this.port = parts.port ?? null;
    this.database = parts.database ?? null;
    this.query = Object.freeze({ ...parts.query });
  }

  /** The password, decoded; never part of how the URL prints or serialises. */
  get password(): string | null {
    return this.#password;
  }

  /** Builds a URL from its parts; no escaping needed. */
  static create(parts: DatabaseUrlParts): DatabaseUrl {
    if (typeof parts.drivername !== 'string' || !/^[\w+-]+$/.test(parts.drivername)) {
      throw new ArgumentError(
        `URL drivername must be 'backend' or 'backend+driver', got ${JSON.stringify(parts.drivername)}`,
        { code: 'bad-url' },
      );
    }
    for (const part of ['username', 'password', 'host', 'database'] as const) {
      const value: unknown = parts[part];
      if (value != null && typeof value !== 'string') {
        // Never the value itself: it may be the password.
        const kind = typeof value === 'object' ? 'an object' : `a ${typeof value}`;
        throw new ArgumentError(`URL ${part} must be a string or null, got ${kind}.`, {
          code: 'bad-url',
        });
      }
    }
    if (parts.port != null && !(Number.isInteger(parts.port) && parts.port > 0)) {
      throw new ArgumentError(`URL port must be a positive integer, got ${parts.port}`, {
        code: 'bad-url',
      });
    }
    return new DatabaseUrl(parts);
  }

  /**
   * Parses a URL string; percent-escapes are decoded. The password may hold any character
   * unescaped, `@ ? / # :` included: it runs from the first `:` after the user name to the last
   * `@` (so an `@` in the database name or a query value must be written `%40`).
   */
  static parse(text: string): DatabaseUrl {
    const scheme = typeof text === 'string' ? schemePattern.exec(text.trim())?.groups : undefined;
    if (!scheme) {
      throw new ArgumentError(
        `Could not parse a database URL from ${describeUnparsed(text)}. ` +
          `Expected backend[+driver]://[user[:password]@][host][:port][/database], ` +
          `for example 'postgresql://user:password@localhost:5432/mydb' or 'sqlite:///file.db'.`,
        { code: 'bad-url' },
      );
    }
    const drivername = scheme.name ?? '';
    const credentials = splitCredentials(scheme.rest ?? '');
    // hostPattern matches any text: each of its parts is optional and takes what the others leave.
    const groups = hostPattern.exec(credentials.remainder)?.groups ?? {};
    const portText = groups.port;
    let port: number | null = null;
    if (portText) {
      port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
      if (!(port > 0 && port < 65536)) {
        throw new ArgumentError(
          `Invalid port in database URL ${JSON.stringify(maskPort(drivername, credentials))}: ` +
            'a port is a number from 1 to 65535. (A password needs an @ after it.)',
          { code: 'bad-url' },
        );
      }
    }
    return new DatabaseUrl({
      drivername,
      username: credentials.username === undefined ? null : decode(credentials.username),
      password: credentials.password === undefined ? null : decode(credentials.password),
      host: groups.ipv6host ?? (groups.ipv4host ? decode(groups.ipv4host) : null),
      port,
      database: groups.database === undefined ? null : decode(groups.database),
      query: groups.query ? parseQuery(groups.query) : {},
    });
  }

  /** The part before `+`: `postgresql` for `postgresql+pg`. */
  getBackendName(): string {
    return this.drivername.split('+')[0] ?? this.drivername;
  }

  /** The part after `+`, or undefined when the URL names no driver. */
  getDriverName(): string | undefined {
    return this.drivername.split('+')[1];
  }

  /** A copy with some parts replaced. */
  set(parts: Partial<DatabaseUrlParts>): DatabaseUrl {
    return DatabaseUrl.create({ ...this.parts(), ...parts });
  }

  /** A copy with query options added or replaced. */
  updateQuery(options: Readonly<Record<string, string | readonly string[]>>): DatabaseUrl {
    return this.set({ query: { ...this.query, ...options } });
  }

  /** The query option as one string: the last value when it was given more than once. */
  queryValue(key: string): string | undefined {
    const value = this.query[key];
    return typeof value === 'string' ? value : value?.[value.length - 1];
  }

  /** The URL's parts, as {@link DatabaseUrl.create} takes them. */
  parts(): DatabaseUrlParts {
    return {
      drivername: this.drivername,
      username: this.username,
      password: this.password,
      host: this.host,
      port: this.port,
      database: this.database,
      query: this.query,
    };
  }

  /** The URL as a string, with the password shown as `***` unless told otherwise. */
  renderAsString(options: RenderOptions = {}): string {
    const hidePassword = options.hidePassword ?? true;
    let text = `${this.drivername}://`;
    if (this.username !== null) {
      text += encode(this.username);
      if (this.password !== null) text += `:${hidePassword ? '***' : encode(this.password)}`;
      text += '@';
    }
    if (this.host !== null) text += this.host.includes(':') ? `[${this.host}]` : this.host;
    if (this.port !== null) text += `:${this.port}`;
    if (this.database !== null) text += `/${this.database.replace(/[%@?]/g, escapeChar)}`;
    const query = Object.entries(this.query).flatMap(([key, value]) =>
      (typeof value === 'string' ? [value] : value).map(
        (item) =>
          `${encodeURIComponent(key)}=${hidePassword && secretQueryKey.test(key) ? '***' : encodeURIComponent(item)}`,
      ),
    );
    if (query.length > 0) text += `?${query.join('&')}`;
    return text;
  }

  /** The URL with its password hidden; safe to log. */
  toString(): string {
    return this.renderAsString({ hidePassword: true });
  }

  /** `JSON.stringify` (structured loggers, error reporters) writes the URL without its password. */
  toJSON(): string {
    return this.toString();
  }

  /** Node's console shows the URL with its password hidden. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `URL(${JSON.stringify(this.toString())})`;
  }
}

/**
 * Returns `url` as a {@link DatabaseUrl}, parsing it when it is a string (SQLAlchemy's `make_url`).
 * @throws {ArgumentError} when the string is not a database URL.
 */
export function makeUrl(url: string | DatabaseUrl): DatabaseUrl {
  return url instanceof DatabaseUrl ? url : DatabaseUrl.parse(url);
}

// SQLAlchemy's names for the two above, kept for code written with them. `URL` is the same class
// (`URL === DatabaseUrl`, and `instanceof` agrees), `URLParts` the same type.

/**
 * SQLAlchemy's name for {@link DatabaseUrl}, the same class.
 *
 * Prefer `DatabaseUrl`: importing `URL` hides the global `URL` in your module, so
 * `new URL('https://…')` no longer makes a web address (it fails to compile: this class is built
 * with `makeUrl`). Through a namespace (`athanor.URL`) it is harmless.
 */
export const URL = DatabaseUrl;
/** SQLAlchemy's name for {@link DatabaseUrl}, the same type. Prefer `DatabaseUrl`. */
export type URL = DatabaseUrl;
/** The old name of {@link DatabaseUrlParts}, the same type. Prefer `DatabaseUrlParts`. */
export type URLParts = DatabaseUrlParts;

/** User name, password and what follows them, as written in the URL (still percent-encoded). */
interface Credentials {
  readonly username?: string;
  readonly password?: string;
  readonly remainder: string;
}

/**
 * Splits `user:password@` off the text after `://`. A password may hold any character, `@`
 * included, so the user part ends at the LAST `@` whose user name (the text before the first
 * `:`) has no `/`: a `/` there means that `@` is in a path or a query, as in
 * `sqlite:///a@b.db` or `mysql://root@host/db?x=a@b`, and an earlier `@` is tried.
 */
function splitCredentials(rest: string): Credentials {
  for (let at = rest.lastIndexOf('@'); at >= 0; at = at > 0 ? rest.lastIndexOf('@', at - 1) : -1) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const username = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (username.includes('/')) continue;
    const remainder = rest.slice(at + 1);
    return colon < 0
      ? { username, remainder }
      : { username, password: userinfo.slice(colon + 1), remainder };
  }
  return { remainder: rest };
}

/**
 * The URL for a bad-port message: the port shown as `***` (a port that is not a number is often
 * a password missing its `@`), and without credentials nothing after it, which could be the
 * rest of such a password.
 */
function maskPort(drivername: string, credentials: Credentials): string {
  const hostEnd = credentials.remainder.search(/[:/?]/);
  const host = credentials.remainder.slice(0, hostEnd);
  if (credentials.username === undefined) return `${drivername}://${host}:***`;
  const user = `${credentials.username}${credentials.password === undefined ? '' : ':***'}@`;
  const afterPort = credentials.remainder.slice(hostEnd + 1).search(/[/?]/);
  const tail = afterPort < 0 ? '' : credentials.remainder.slice(hostEnd + 1 + afterPort);
  return `${drivername}://${user}${host}:***${tail}`;
}

/**
 * What an unparseable URL looks like, for its error message: only the text before its first
 * `:` or `@`, since whatever follows may be a password.
 */
function describeUnparsed(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  const cut = value.search(/[:@]/);
  const shown = cut < 0 ? value : `${value.slice(0, cut)}${value[cut]}…`;
  return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown);
}

const utf8 = new TextDecoder();

/**
 * Decodes percent-escapes as SQLAlchemy does (Python's `unquote`): a `%` that starts no escape
 * stays as it is, so `100%` needs no escaping, and bytes that are not UTF-8 become U+FFFD.
 */
function decode(part: string): string {
  return part.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16))),
  );
}

function escapeChar(ch: string): string {
  return `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function encode(part: string): string {
  return part.replace(/[%:/@?#[\]]/g, escapeChar);
}

function parseQuery(text: string): Record<string, string | string[]> {
  // No prototype: a key such as `__proto__` is an option like any other.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1).replace(/\+/g, ' '));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (typeof existing === 'string') query[key] = [existing, value];
    else existing.push(value);
  }
  return query;
}
