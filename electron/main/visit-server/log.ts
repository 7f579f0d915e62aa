/**
 * Structured logs: one JSON object per line on stdout (journald and log
 * shippers read them as they are). Entries carry a code and counts or
 * technical details only — never a name, an answer, a token or a visit id
 * (requirement 16); callers pass fixed codes, and `fields` are checked here
 * to be numbers, booleans or short technical strings.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type ServerLog = (level: LogLevel, code: string, fields?: Record<string, string | number | boolean>) => void;

export function jsonLog(write: (line: string) => void = (l) => process.stdout.write(l)): ServerLog {
  return (level, code, fields = {}) => {
    const safe: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(fields)) safe[k] = typeof v === 'string' ? v.slice(0, 200) : v;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, code, ...safe })}\n`);
  };
}
