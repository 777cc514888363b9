import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { reportStartupError } from './report-startup-error.js';

describe('reportStartupError', () => {
  afterEach(() => vi.restoreAllMocks());
  const printed = (error: unknown, command?: string) => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    reportStartupError(error, command);
    return lines.join('');
  };

  it('should name every configuration problem, one a line', () => {
    const text = printed(new ConnectorError('CONFIG_INVALID', { violations: [{ pointer: 'a.b', message: 'is wrong' }] }));
    expect(text).toBe('kontor: the configuration is invalid (1 problem):\n  - a.b: is wrong\nSee docs/config.md for every setting.\n');
  });

  it('should say why when the problem comes without a list (a key file, say), never "0 problems"', () => {
    const text = printed(new ConnectorError('CONFIG_INVALID', { detail: 'key file /k.json: not valid JSON' }));
    expect(text).toBe('kontor: the configuration is invalid: key file /k.json: not valid JSON\nSee docs/config.md for every setting.\n');
  });

  it("should name the command and not say 'cannot start' for a command that starts nothing", () => {
    expect(printed(new Error('no SQLite store at /x.db'))).toBe('kontor: cannot start: no SQLite store at /x.db\n');
    expect(printed(new Error('no SQLite store at /x.db'), 'kontor audit verify')).toBe('kontor audit verify: no SQLite store at /x.db\n');
    const config = new ConnectorError('CONFIG_INVALID', { violations: [{ pointer: 'a.b', message: 'is wrong' }] });
    expect(printed(config, 'kontor init')).toBe('kontor init: the configuration is invalid (1 problem):\n  - a.b: is wrong\nSee docs/config.md for every setting.\n');
  });
});
