import { describe, expect, it } from 'vitest';
import { PlanFileError, readPlanFile } from './plan-file.js';

const participant = { name: 'site-a', managementUrl: 'http://127.0.0.1:8181', legalName: 'Site A', roles: [] };
const plan = (json: unknown) => () => JSON.stringify(json);

/** The message of reading `text` as the plan `plan.json`. */
function messageOf(read: () => string): string {
  try {
    readPlanFile('plan.json', read);
  } catch (error) {
    if (error instanceof PlanFileError) return error.message;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

describe('readPlanFile', () => {
  it('should read a valid plan', () => {
    expect(readPlanFile('plan.json', plan({ authority: { managementUrl: 'http://127.0.0.1:9181' }, participants: [participant] })).participants).toHaveLength(1);
  });

  it('should say the plan file is invalid and name every unknown property by its path, not point at the configuration', () => {
    const message = messageOf(plan({ authority: { managementUrl: 'http://127.0.0.1:9181' }, extra: 1, participants: [{ ...participant, colour: 'red' }] }));
    expect(message).toContain('kontor: the plan file plan.json is invalid (2 problems):');
    expect(message).toContain('  - /extra: unknown property\n');
    expect(message).toContain('  - /participants/0/colour: unknown property\n');
    expect(message).not.toContain('configuration');
    expect(message).not.toContain('docs/config.md');
    expect(message).toContain('examples/compose/dataspace.json');
  });

  it('should name the plan file when it is not JSON or cannot be read', () => {
    expect(messageOf(() => '{not json')).toMatch(/^kontor: cannot read the plan file plan.json: /);
    expect(
      messageOf(() => {
        throw new Error('ENOENT: no such file');
      }),
    ).toContain('cannot read the plan file plan.json: ENOENT');
  });
});
