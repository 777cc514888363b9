import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import { compactIri } from '../model/iri.js';
import type { ConstraintValidator } from './constraint-function.js';

/**
 * A constraint's `unit` must be one its function reads (`units`, expanded IRIs; `count` reads `fl:TrainingRound`):
 * any other would be stored and ignored, so `dateTime lt … unit x` would read as if it said something it does not.
 */
export function unitRule(units: readonly string[] = []): ConstraintValidator {
  return (c: AtomicConstraint): Violation[] => {
    if (c.unit === undefined || units.includes(c.unit)) return [];
    const allowed = units.length > 0 ? ` or ${units.map(compactIri).join(', ')}` : '';
    return [{ pointer: `${c.path}/unit`, message: `${compactIri(c.leftOperand)} takes no unit${allowed}; got '${compactIri(c.unit)}'` }];
  };
}
