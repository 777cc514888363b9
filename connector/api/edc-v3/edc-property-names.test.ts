import { describe, expect, it } from 'vitest';
import { toEdcProperty, toKontorProperty } from './edc-property-names.js';

describe('EDC asset property names', () => {
  it('should map EDC aliases both ways and read an Object.prototype member name as a plain edc: name', () => {
    expect(toKontorProperty('name')).toBe('title');
    expect(toKontorProperty('https://w3id.org/edc/v0.0.1/ns/contenttype')).toBe('mediaType');
    expect(toEdcProperty('title')).toBe('name');
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(toKontorProperty(name)).toBe(`edc:${name}`);
      expect(toEdcProperty(name)).toBe(name);
      expect(toEdcProperty(`edc:${name}`)).toBe(name);
    }
  });
});
