import { pino, type Logger as Pino } from 'pino';

/**
 * JSON logs for the services (executor, engine): pino on stdout. Callers never log secrets; these
 * paths are censored as a second line of defence should one slip into a log object.
 */
export function serviceLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Pino {
  return pino({
    name,
    level,
    redact: {
      paths: ['keyId', 'secret', 'password', 'pass', 'token', 'nkeySeed', 'authorization', '*.keyId', '*.secret', '*.password', '*.pass', '*.token', '*.nkeySeed', '*.authorization', 'headers.*'],
      censor: '[redacted]',
    },
  });
}
