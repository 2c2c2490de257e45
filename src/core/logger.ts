// Structured logs (pino). Libraries report through events; capabilities log through child loggers.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'vigie',
    level: options.level ?? process.env['VIGIE_LOG_LEVEL'] ?? 'info',
    // Credentials must never reach a log line, whatever a caller passes in.
    redact: { paths: ['password', '*.password', 'credentials', '*.credentials', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}

/** For tests and library code that must not print. */
export const silentLogger: Logger = pino({ level: 'silent' });
