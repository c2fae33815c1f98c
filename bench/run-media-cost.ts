import { mediaCost } from './media-cost.ts';

console.log(await mediaCost());
