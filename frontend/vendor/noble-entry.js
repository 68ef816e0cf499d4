// Entry of the vendored bundle: only what daihoi's verifiable-voting protocol needs.
import { ed25519 } from '@noble/curves/ed25519.js';
export { sha512, sha256 } from '@noble/hashes/sha2.js';
export { bytesToHex, hexToBytes, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
export { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
/** The Edwards25519 point class (extended coordinates); Point.Fn is the scalar field mod L. */
export const Point = ed25519.Point;
