// A toolbox's host programs (shims) are shown by name: the engine lists them in
// this order, and the UI keeps a list it adds to in the same order.
import type { ShimInfo } from '../contract.js';

export const byProgram = (a: ShimInfo, b: ShimInfo) => a.program.localeCompare(b.program);
