const MASK = '[redacted]';

/**
 * Masks the API key id and secret wherever they appear in text bound for a log line or an
 * error message (a server may echo a header back; a transport error may quote one).
 */
export class Redactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[]) {
    // Longest first, so a secret that contains another is masked whole.
    this.#secrets = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join(MASK);
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
