// The console's log lines: one JSON object per line, with known secret-bearing fields redacted
// wherever they appear, so no password, login detail, token or session id reaches a log file.
const REDACT =
  /pass(word)?|secret|token|cookie|session|authorization|credential|recovery|two_?factor|_csrf/i;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Deeper than this is not walked, so it is not written either: it could hide a secret field.
  if (depth > 5) return '[too deep]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      REDACT.test(k) ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
}

type Level = 'info' | 'warn' | 'error';

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({
    at: new Date().toISOString(),
    level,
    message,
    ...(redact(fields) as object),
  });
  if (level === 'info') console.log(line);
  else console.error(line);
}

export const log = {
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
