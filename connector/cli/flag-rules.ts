import { type Command, InvalidArgumentError } from 'commander';

/**
 * The CLI's own rules on top of commander's: a flag that takes one value is given once (commander keeps the last
 * silently), and a number is a plain decimal whole number in its range (Number() would take `1e2`, `0x10`, `abc`).
 */

/** Walks `command` and its subcommands: a second occurrence of a non-variadic option is an error naming it. */
export function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (option.variadic) continue; // meant to repeat (`--host a --host b`)
    let seen = 0;
    command.on(`option:${option.name()}`, () => {
      seen += 1;
      if (seen > 1) command.error(`error: option '${option.flags}' is given more than once`, { code: 'kontor.repeatedOption' });
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub);
}

/** An argument parser for commander: a decimal whole number from `min` to `max`, else an error commander names the flag in. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}
