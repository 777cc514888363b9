#!/usr/bin/env node
import { holdStopSignals } from './early-signals.js';

// Loading the program takes a moment: a SIGTERM or SIGINT meanwhile is held, so that `kontor start` stopped that early
// still says so and exits 0 (serve-until-signal.ts); every other command lets it end the process as usual.
holdStopSignals();
const { kontorProgram } = await import('./kontor-program.js');
await kontorProgram().parseAsync(process.argv);
