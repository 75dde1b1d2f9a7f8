/**
 * What a cell module's fused passes use: the workspace (raw memory and matrix products), the
 * buffer sets of a forward and a backward pass, and the helpers the cells share.
 * @module
 */
export { at, type Buf, copyInto, type Mat, type Workspace } from "./_memory.ts";
export {
  type BackwardIo,
  type Dims,
  type ForwardIo,
  projectInputs,
  transposedRecurrent,
  weightGradients,
} from "./_shared.ts";
