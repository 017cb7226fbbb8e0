import { ArgumentError } from '../errors.js';

/** The parts of a database URL, as {@link URL.create} takes them. */
export interface URLParts {
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

/** How {@link URL.renderAsString} renders the password. */
export interface RenderOptions {
  /** Show `***` instead of the password. Default: true. */
  hidePassword?: boolean;
}

// SQLAlchemy's grammar: backend[+driver]://[user[:password]@][host][:port][/database][?query]
const urlPattern = new RegExp(
  [
    '^(?<name>[\\w+-]+)://',
    // The password runs to the last '@' before any '?', so an unescaped '@' in it still parses.
    '(?:(?<username>[^:/@?]*)(?::(?<password>[^?]*))?@)?',
    '(?:(?:\\[(?<ipv6host>[^/?@]+)\\]|(?<ipv4host>[^/:?@]+))?(?::(?<port>[^/?@]*))?)?',
    '(?:/(?<database>[^?]*))?',
    '(?:\\?(?<query>.*))?$',
  ].join(''),
  's',
);

/**
 * A database URL: `backend[+driver]://user:password@host:port/database?option=value`
 * (SQLAlchemy's `URL`). Immutable; {@link URL.set} returns a changed copy.
 *
 * Printing a URL never shows its password: `toString()` and every log and error message use
 * `renderAsString({ hidePassword: true })`.
 *
 * @example
 * const url = makeUrl('postgresql://scott:tiger@localhost:5432/test');
 * url.getBackendName(); // 'postgresql'
 * url.renderAsString(); // 'postgresql://scott:***@localhost:5432/test'
 */
export class URL {
  readonly drivername: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly host: string | null;
  readonly port: number | null;
  readonly database: string | null;
  readonly query: Readonly<Record<string, string | readonly string[]>>;

  private constructor(parts: URLParts) {
    this.drivername = parts.drivername;
    this.username = parts.username ?? null;
    this.password = parts.password ?? null;
    this.host = parts.host ?? null;
    this.port = parts.port ?? null;
    this.database = parts.database ?? null;
    this.query = Object.freeze({ ...parts.query });
  }

  /** Builds a URL from its parts; no escaping needed. */
  static create(parts: URLParts): URL {
    if (typeof parts.drivername !== 'string' || !/^[\w+-]+$/.test(parts.drivername)) {
      throw new ArgumentError(
        `URL drivername must be 'backend' or 'backend+driver', got ${JSON.stringify(parts.drivername)}`,
      );
    }
    if (parts.port != null && !(Number.isInteger(parts.port) && parts.port > 0)) {
      throw new ArgumentError(`URL port must be a positive integer, got ${parts.port}`);
    }
    return new URL(parts);
  }

  /** Parses a URL string; percent-escapes in the username and password are decoded. */
  static parse(text: string): URL {
    const match = typeof text === 'string' ? urlPattern.exec(text.trim()) : null;
    const groups = match?.groups;
    if (!groups) {
      throw new ArgumentError(
        `Could not parse a database URL from ${JSON.stringify(redactPassword(String(text)))}. ` +
          `Expected backend[+driver]://[user[:password]@][host][:port][/database], ` +
          `for example 'postgresql://user:password@localhost:5432/mydb' or 'sqlite:///file.db'.`,
      );
    }
    const portText = groups.port;
    let port: number | null = null;
    if (portText) {
      port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
      if (!(port > 0 && port < 65536)) {
        // A port that is not a number is often a password missing its '@'; never echo it.
        throw new ArgumentError(
          `Invalid port in database URL ${JSON.stringify(redactPassword(text).replace(`:${portText}`, ':***'))}: ` +
            'a port is a number from 1 to 65535. (A password needs an @ after it, and special ' +
            'characters in it percent-encoded.)',
        );
      }
    }
    return new URL({
      drivername: groups.name ?? '',
      username: decode(groups.username, text),
      password: decode(groups.password, text),
      host: groups.ipv6host ?? (groups.ipv4host ? decode(groups.ipv4host, text) : null),
      port,
      database: groups.database === undefined ? null : decode(groups.database, text),
      query: groups.query ? parseQuery(groups.query, text) : {},
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
  set(parts: Partial<URLParts>): URL {
    return URL.create({ ...this.parts(), ...parts });
  }

  /** A copy with query options added or replaced. */
  updateQuery(options: Readonly<Record<string, string | readonly string[]>>): URL {
    return this.set({ query: { ...this.query, ...options } });
  }

  /** The query option as one string: the last value when it was given more than once. */
  queryValue(key: string): string | undefined {
    const value = this.query[key];
    return typeof value === 'string' ? value : value?.[value.length - 1];
  }

  /** The URL's parts, as {@link URL.create} takes them. */
  parts(): URLParts {
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
    if (this.database !== null) text += `/${this.database}`;
    const query = Object.entries(this.query).flatMap(([key, value]) =>
      (typeof value === 'string' ? [value] : value).map(
        (item) => `${encodeURIComponent(key)}=${encodeURIComponent(item)}`,
      ),
    );
    if (query.length > 0) text += `?${query.join('&')}`;
    return text;
  }

  /** The URL with its password hidden; safe to log. */
  toString(): string {
    return this.renderAsString({ hidePassword: true });
  }

  /** Node's console shows the URL with its password hidden. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `URL(${JSON.stringify(this.toString())})`;
  }
}

/**
 * Returns `url` as a {@link URL}, parsing it when it is a string (SQLAlchemy's `make_url`).
 * @throws {ArgumentError} when the string is not a database URL.
 */
export function makeUrl(url: string | URL): URL {
  return url instanceof URL ? url : URL.parse(url);
}

function decode(part: string | undefined, whole: string): string | null {
  if (part === undefined) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ArgumentError(
      `Bad percent-escape in database URL ${JSON.stringify(redactPassword(whole))}: ` +
        `write a literal '%' as '%25'.`,
    );
  }
}

function encode(part: string): string {
  return part.replace(/[%:/@?#[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseQuery(text: string, whole: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), whole) ?? '';
    const value = eq < 0 ? '' : (decode(pair.slice(eq + 1).replace(/\+/g, ' '), whole) ?? '');
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (typeof existing === 'string') query[key] = [existing, value];
    else existing.push(value);
  }
  return query;
}

/** The URL text with whatever stands between `user:` and `@` replaced by `***`. */
function redactPassword(text: string): string {
  return text.replace(/(\/\/[^:/@?]*:)[^?]*@/, '$1***@');
}
