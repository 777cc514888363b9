import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../core/index.js';
import { createStores } from '../store/sql/create-stores.js';
import Database from 'better-sqlite3';
import { AuditLog } from '../audit/index.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { KONTOR_VERSION, kontorProgram } from './kontor-program.js';
import { holdStopSignals, takeHeldStopSignal } from './early-signals.js';
import { runKontor } from '../../test/helpers/run-kontor.js';

/** Parses `args` in process; commander's exit becomes the result (no command runs after a flag error). */
async function parse(args: string[]): Promise<{ exitCode: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = kontorProgram({ exitOverride: true, output: { writeOut: (s) => (out += s), writeErr: (s) => (err += s) } });
  try {
    await program.parseAsync(['node', 'kontor', ...args]);
    return { exitCode: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode, out, err };
    throw error;
  }
}

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-cli-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs a command that reads its configuration from the environment and reports on stdout/stderr with an exit code. */
const run = (args: string[], env: Record<string, string>) => runKontor(args, env);

describe('kontor flags', () => {
  it('should refuse a single-value flag given twice, naming it, before the command runs', async () => {
    const dir = scratch();
    const devCa = await parse(['dev-ca', '--out', join(dir, 'a'), '--out', join(dir, 'b'), '--host', 'a']);
    expect(devCa.exitCode).toBe(1);
    expect(devCa.err).toContain("option '-o, --out <dir>' is given more than once");
    expect(devCa.err).toContain('Usage: kontor dev-ca');
    expect(readdirSync(dir)).toEqual([]);
    for (const args of [
      ['config', '-c', 'a.json', '-c', 'b.json'],
      ['config', '--config', 'a.json', '-c', 'b.json'],
      ['data', 'inspect', '--label', 'a', '--label', 'b', 'd.csv'],
      ['health', '--ready', '--ready'],
      ['dataspace', 'bootstrap', '-p', 'a.json', '--wait-attempts', '1', '--wait-attempts', '2'],
    ]) {
      const result = await parse(args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.err, args.join(' ')).toMatch(/option '.*' is given more than once/);
    }
  });

  it('should keep a list flag repeatable (--host a --host b)', async () => {
    const dir = join(scratch(), 'tls');
    const result = await parse(['dev-ca', '--out', dir, '--host', 'a.test', '--host', 'b.test', '--days', '2']);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(expect.arrayContaining(['a.test.pem', 'b.test.pem']));
  });

  it('should report a dev-ca failure under its own name', async () => {
    const result = await run(['dev-ca', '--out', join(scratch(), 'tls'), '--host', 'ca'], {});
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/^kontor dev-ca: /m);
  });

  it('should refuse a number flag that is not a decimal whole number in range, naming it, before any work', async () => {
    const dir = scratch();
    for (const days of ['1e2', '0x10', 'abc', '0', '-5', '3651', '1.5', '']) {
      const result = await parse(['dev-ca', '--out', join(dir, 'ca'), '--host', 'a', '--days', days]);
      expect(result.exitCode, days).toBe(1);
      expect(result.err, days).toContain(`option '--days <n>' argument '${days}' is invalid. must be a whole number from 1 to 3650`);
    }
    expect(readdirSync(dir)).toEqual([]);
    for (const command of ['bootstrap', 'train']) {
      const attempts = await parse(['dataspace', command, '-p', 'missing.json', '--wait-attempts', 'abc']);
      expect(attempts.err).toContain("option '--wait-attempts <n>' argument 'abc' is invalid");
      const interval = await parse(['dataspace', command, '-p', 'missing.json', '--wait-interval-ms', '-5']);
      expect(interval.err).toMatch(/option '--wait-interval-ms <ms>' argument '-5' is invalid|unknown option '-5'/);
      expect([attempts.exitCode, interval.exitCode]).toEqual([1, 1]);
    }
  });

  it('should print the version and refuse anything after it', async () => {
    expect(await parse(['--version'])).toMatchObject({ exitCode: 0, out: `${KONTOR_VERSION}\n` });
    expect(await parse(['-V'])).toMatchObject({ exitCode: 0, out: `${KONTOR_VERSION}\n` });
    for (const args of [
      ['--version', 'extra'],
      ['-V', 'a', 'b'],
      ['--version', 'config'],
      ['config', '--version'],
    ]) {
      const result = await parse(args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.out).toBe('');
      expect(result.err, args.join(' ')).toContain('--version takes no');
    }
  });

  it('should still refuse an unknown command, and show help without one', async () => {
    expect(await parse(['bogus'])).toMatchObject({ exitCode: 1, err: expect.stringContaining("unknown command 'bogus'") });
    expect(await parse([])).toMatchObject({ exitCode: 1, err: expect.stringContaining('Usage: kontor') });
  });
});

describe('kontor audit verify', () => {
  it('should refuse a store path where there is no store, naming it, exit 1, and create nothing', async () => {
    const dir = scratch();
    const path = join(dir, 'typo', 'kontr.db');
    const result = await run(['audit', 'verify'], { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path });
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(`no SQLite store at ${path} (store.path, KONTOR_STORE_PATH)`);
    expect(result.out).not.toContain('audit log intact');
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('should refuse it for kontor credentials request too, before asking the authority', async () => {
    const dir = scratch();
    const path = join(dir, 'typo', 'kontr.db');
    const env = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path, KONTOR_AUTHORITY_URL: 'http://127.0.0.1:9', KONTOR_KEY_FILE: join(dir, 'keys.json') };
    const result = await run(['credentials', 'request'], env);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(`no SQLite store at ${path} (store.path, KONTOR_STORE_PATH)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should still verify a store that is there', async () => {
    const path = join(scratch(), 'kontor.db');
    const env = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path };
    expect(await run(['audit', 'verify'], env)).toMatchObject({ exitCode: 1 });
    await (
      await createStores({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1, migrate: true }, { clock: systemClock, logger: pino({ level: 'silent' }) })
    ).close();
    expect(await run(['audit', 'verify'], env)).toMatchObject({ exitCode: 0, out: expect.stringContaining('audit log intact: 0 entries') });
  });
});

describe('kontor audit verify on a store as it is', () => {
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  const level = (path: string) => {
    const db = new Database(path, { readonly: true });
    const { v } = db.prepare('SELECT MAX(version) AS v FROM kontor_migrations').get() as { v: number };
    db.close();
    return v;
  };

  it('should migrate nothing: a store at an older migration is refused naming both levels and left at its level', async () => {
    const path = join(scratch(), 'kontor.db');
    const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    await migrate(database, { migrations: MIGRATIONS.filter((m) => m.version < latest) });
    await database.close();
    const env = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path, KONTOR_AUTHORITY_URL: 'http://127.0.0.1:9', KONTOR_KEY_FILE: join(scratch(), 'keys.json') };
    // A command that adds to the store needs this build's level; `audit verify` reads older ones since the audit log's
    // last change (audit-verify-command.test.ts), so it is no longer refused here.
    for (const command of [['credentials', 'request']]) {
      const result = await run(command, env);
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(`is at migration ${latest - 1}, this build needs ${latest}: kontor ${command.join(' ')} migrates nothing`);
      expect(level(path)).toBe(latest - 1);
    }
  });

  it('should fail naming rows beside the chain (a seq that is not a whole number ≥ 1), not only the chain', async () => {
    const path = join(scratch(), 'kontor.db');
    const env = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path };
    const stores = await createStores(
      { kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1, migrate: true },
      { clock: systemClock, logger: pino({ level: 'silent' }) },
    );
    await new AuditLog(stores.audit, systemClock).append({ type: 'policy.decision', actor: 'did:web:me.example', data: { decision: 'deny' } });
    await stores.close();
    const db = new Database(path);
    db.exec(`DROP TRIGGER audit_log_seq_in_chain;
      INSERT INTO audit_log (seq, at, type, actor, data, prev_hash, hash) VALUES ('abc', '2026-01-01T00:00:00.000Z', 'deletion', 'x', '{}', 'p1', 'h1'),
        (0, '2026-01-01T00:00:00.000Z', 'deletion', 'x', '{}', 'p2', 'h2')`);
    db.close();
    const result = await run(['audit', 'verify'], env);
    expect(result).toMatchObject({ exitCode: 1, out: expect.stringContaining('audit log BROKEN: 2 rows lie outside the chain, with seq ') });
    expect(result.out).toMatch(/with seq (0, 'abc'|'abc', 0) \(/);
    expect(result.out).toContain('"entriesChecked": 1');
  });
});

describe('kontor audit verify --expect-head', () => {
  it('should fail naming a cut tail that the chain alone cannot show, and refuse a malformed head', async () => {
    const path = join(scratch(), 'kontor.db');
    const env = { KONTOR_API_KEY: 'k'.repeat(24), KONTOR_STORE_PATH: path };
    const stores = await createStores(
      { kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1, migrate: true },
      { clock: systemClock, logger: pino({ level: 'silent' }) },
    );
    try {
      for (const type of ['permit', 'deny', 'permit'])
        await new AuditLog(stores.audit, systemClock).append({ type: 'policy.decision', actor: 'did:web:me.example', data: { decision: type } });
    } finally {
      await stores.close();
    }
    const first = await run(['audit', 'verify'], env);
    const head = /head (\d+:sha256:[0-9a-f]{64})/.exec(first.out)?.[1] as string;
    expect(head).toMatch(/^3:/);
    expect(await run(['audit', 'verify', '--expect-head', head], env)).toMatchObject({ exitCode: 0, out: expect.stringContaining('audit log intact: 3 entries') });
    // Someone who can drop the append-only trigger cuts the newest entry: the chain of the two left is intact.
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3');
    db.close();
    expect(await run(['audit', 'verify'], env)).toMatchObject({ exitCode: 0, out: expect.stringContaining('audit log intact: 2 entries') });
    expect(await run(['audit', 'verify', '--expect-head', head], env)).toMatchObject({
      exitCode: 1,
      out: expect.stringContaining('audit log BROKEN: entry 3 of the checkpoint is missing (the log was truncated)'),
    });
    expect(await run(['audit', 'verify', '--expect-head', '3:abc'], env)).toMatchObject({ exitCode: 1, err: expect.stringContaining('--expect-head takes <seq>:<hash>') });
  });
});

describe('kontor init', () => {
  it('should rotate, retire a rotated key from the key file and the DID document, and refuse the current or an unknown key', async () => {
    const keyFile = join(scratch(), 'keys.json');
    // No API key: init serves no management API. Its stdout is the DID document alone; the key summary goes to stderr.
    const env = { KONTOR_KEY_FILE: keyFile };
    const kids = async () => (JSON.parse(await readFile(keyFile, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const rotated = await run(['init', '--rotate'], env);
    expect(rotated).toMatchObject({ exitCode: 0, err: expect.stringContaining('2 keys, current key-2') });
    expect((JSON.parse(rotated.out) as { id: string }).id).toMatch(/^did:/);
    expect(await run(['init', '--retire', 'key-2'], env)).toMatchObject({
      exitCode: 1,
      err: expect.stringContaining("kontor init: cannot retire: 'key-2' is the current key: add --rotate"),
    });
    expect(await run(['init', '--retire', 'key-7'], env)).toMatchObject({ exitCode: 1, err: expect.stringContaining("no key 'key-7' (keys: key-1, key-2)") });
    expect(await run(['init', '--rotate', '--retire', 'key-7'], env)).toMatchObject({ exitCode: 1 });
    expect(await kids()).toEqual(['key-1', 'key-2']); // refused before anything changed, the rotation included
    const retired = await run(['init', '--retire', 'key-1'], env);
    expect(retired).toMatchObject({ exitCode: 0, err: expect.stringContaining('1 key, current key-2') });
    expect(retired.out).not.toContain('#key-1');
    expect(await kids()).toEqual(['key-2']);
    expect(await run(['init', '--rotate', '--retire', 'key-2'], env)).toMatchObject({ exitCode: 0, err: expect.stringContaining('1 key, current key-3') });
    expect(await parse(['init', '--retire'])).toMatchObject({ exitCode: 1, err: expect.stringContaining("option '--retire <kid>' argument missing") });
    expect(await parse(['init', '--retire', 'key-1', '--retire', 'key-2'])).toMatchObject({ exitCode: 1, err: expect.stringContaining('given more than once') });
    expect(await kids()).toEqual(['key-3']);
  });
});

describe('a signal held while the command line loaded (kontor.ts)', () => {
  it('should act at once for a command other than start, and be left to the start commands', async () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      holdStopSignals();
      process.emit('SIGTERM');
      await runKontor(['config'], { KONTOR_API_KEY: 'k3y-0123456789abcdefXYZ' });
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
    } finally {
      takeHeldStopSignal();
      kill.mockRestore();
    }
  });
});
