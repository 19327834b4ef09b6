import { programFor } from './program.js';

const program = await programFor(process.argv.slice(2));
await program.parseAsync(process.argv);
