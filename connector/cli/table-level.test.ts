import { describe, expect, it } from 'vitest';
import type { Migration } from '../store/migrations/index.js';
import { levelOfLastChange } from './table-level.js';

const step = (version: number, ...statements: string[]): Migration => ({ version, name: `m${version}`, sqlite: statements, postgres: [] });

describe('levelOfLastChange', () => {
  it("should find the audit log's last change among this build's migrations: 24 (the seq guard), not a later one that only reads it", () => {
    // 8 creates it, 18 adds `subject`, 24 the seq guard; 26 (received receipts), where present, only SELECTs from it.
    expect(levelOfLastChange('audit_log')).toBe(24);
  });

  it('should count a read only after FROM or JOIN, and every other mention as a change', () => {
    const base = step(1, 'CREATE TABLE ledger (a TEXT)');
    for (const [statement, changed] of [
      ['INSERT INTO other SELECT a FROM ledger', false],
      ['INSERT INTO other SELECT a FROM other2 JOIN ledger USING (a)', false],
      ['INSERT INTO other SELECT o.a FROM other2 o JOIN ledger ON o.a = ledger.a', true], // `ledger.a` names it too: erring late
      ['DELETE FROM ledger', true],
      ['delete  from ledger WHERE a IS NULL', true],
      ['INSERT INTO ledger SELECT a FROM other', true],
      ['ALTER TABLE ledger ADD COLUMN b TEXT', true],
      ['CREATE TRIGGER ledger_guard BEFORE INSERT ON other BEGIN SELECT 1; END', true], // a name that starts with it
      ['SELECT a FROM ledger_archive', true],
      ['CREATE TABLE other (a TEXT)', false],
    ] as const) {
      expect(levelOfLastChange('ledger', [base, step(2, statement)]), statement).toBe(changed ? 2 : 1);
    }
  });

  it('should refuse a table no migration creates, and a name the migrations would not write', () => {
    expect(() => levelOfLastChange('nowhere')).toThrow('no migration creates the table nowhere');
    expect(() => levelOfLastChange('audit_log; --')).toThrow(/is not a table name/);
  });
});
