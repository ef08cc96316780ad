/** User errors the CLI finds itself (a flag it cannot act on): one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The short reason of a file-system error: "no such file or directory", not the errno, syscall and path. */
export function fsReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const m = /^E[A-Z]+: ([^,]+)/.exec(e.message);
  return m?.[1] ?? e.message;
}
