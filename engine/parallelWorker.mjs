// Worker-thread entry of the parallel explorer: TypeScript through tsx, then the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./parallelWorker.ts');
