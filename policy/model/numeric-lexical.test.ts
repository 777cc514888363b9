import { describe, expect, it } from 'vitest';
import { parseNumeric } from './numeric-lexical.js';

describe('parseNumeric', () => {
  it.each([
    ['5', 'integer', 5],
    ['-12', 'integer', -12],
    ['+3', 'integer', 3],
    ['2.5', 'decimal', 2.5],
    ['.5', 'decimal', 0.5],
    ['7', 'decimal', 7],
    ['1e3', 'double', 1000],
    ['2.5E-1', 'double', 0.25],
  ] as const)('should read %s as an %s', (text, kind, value) => {
    expect(parseNumeric(text, kind)).toBe(value);
  });

  it.each([
    ['0x10', 'integer'],
    ['0x10', 'decimal'],
    ['0x10', 'double'],
    ['1e3', 'integer'],
    ['1e3', 'decimal'],
    ['2.5', 'integer'],
    [' 5', 'integer'],
    ['5 ', 'decimal'],
    ['', 'decimal'],
    ['Infinity', 'double'],
    ['1_000', 'integer'],
    ['0b101', 'integer'],
  ] as const)('should refuse %j as an %s', (text, kind) => {
    expect(parseNumeric(text, kind)).toBeUndefined();
  });
});
