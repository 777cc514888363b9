#!/usr/bin/env node
import { kontorProgram } from './kontor-program.js';

await kontorProgram().parseAsync(process.argv);
