/**
 * Masking secrets out of text bound for a log line, an error message or a report: the one place
 * it is done. `Redactor` masks known secret values (the Alpaca keys, the NATS password, the
 * database password); `maskUrlCredentials` masks the credentials of any URL (postgres://user:PASSWORD@host,
 * nats://TOKEN@host) whatever their value.
 */
export const MASK = '[redacted]';

/**
 * Masks the given secrets wherever they appear in text (a server may echo a header back; a
 * transport error may quote one).
 */
export class Redactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so a secret that contains another is masked whole.
    this.#secrets = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length > 0))].sort((a, b) => b.length - a.length);
  }

  /** Masks each secret as given and in the forms a log line or a URL carries it (JSON-escaped, URL-encoded). */
  static forLogs(secrets: readonly (string | undefined)[]): Redactor {
    const forms = secrets.filter((s): s is string => s !== undefined && s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
    return new Redactor(forms);
  }

  get empty(): boolean {
    return this.#secrets.length === 0;
  }

  text(text: string): string {
    let out = text;
    for (const s of this.#secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** A flat log object with every string value masked (nested values are stringified first). */
  fields(obj: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) {
      if (typeof value === 'string') out[key] = this.text(value);
      else if (value === null || typeof value !== 'object') out[key] = value;
      else out[key] = this.text(JSON.stringify(value) ?? '');
    }
    return out;
  }
}

/** `scheme://user:PASSWORD@` → `scheme://user:[redacted]@`; `scheme://TOKEN@` → `scheme://[redacted]@`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@"'<>]*)(:[^\s/?#@"'<>]*)?@/gi;

/** Every URL's credentials in `text` masked: the password (the user kept), or a lone token. */
export function maskUrlCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_CREDENTIALS, (_all, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}${MASK}@` : `${scheme}${user}:${MASK}@`,
  );
}
