// Runs the TypeScript poll worker (poll-worker.ts) in a worker thread when the service itself runs from its
// TypeScript sources (tests, tsx). Production runs the compiled dist/probe/poll-worker.js and never loads this.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./poll-worker.ts', import.meta.url).href);
