// Structured logs (pino). Libraries report through events; capabilities log through child loggers.
// On a terminal they are printed readable and coloured (pino-pretty); to a pipe, a file or journald they stay
// one JSON object per line, for machines.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** `auto`: pretty on a terminal, JSON otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';

export function createLogger(options: { level?: string; name?: string; format?: LogFormat } = {}): Logger {
  const pinoOptions = {
    name: options.name ?? 'vigie',
    level: options.level ?? process.env['VIGIE_LOG_LEVEL'] ?? 'info',
    // Credentials must never reach a log line, whatever a caller passes in; redaction happens before formatting.
    redact: { paths: ['password', '*.password', 'credentials', '*.credentials', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
  const terminal = process.stdout.isTTY === true;
  if (!prettyLogs(options.format ?? 'auto', terminal)) return pino(pinoOptions);
  // In this thread and synchronous (no transport worker), so that nothing is lost when the process exits at once.
  return pino(pinoOptions, pretty({ colorize: terminal, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

function prettyLogs(format: LogFormat, terminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && terminal);
}

/** For tests and library code that must not print. */
export const silentLogger: Logger = pino({ level: 'silent' });
