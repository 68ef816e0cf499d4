// The Python side's test randomness, for reproducing its vectors in the browser.
import { sha256, utf8ToBytes, concatBytes } from '/static/voting/vendor/noble.js';

/**
 * daihoi.core.verifiable.group.deterministic_rng: SHA-256(seed + 8-byte big-endian counter) blocks,
 * each draw(n) takes whole blocks and drops what it does not use.
 * @param {string} seed
 */
export function deterministicRng(seed) {
  const key = utf8ToBytes(seed);
  let counter = 0n;
  return (/** @type {number} */ n) => {
    const blocks = [];
    for (let have = 0; have < n; have += 32) {
      const c = new Uint8Array(8);
      new DataView(c.buffer).setBigUint64(0, counter++, false);
      blocks.push(sha256(concatBytes(key, c)));
    }
    return concatBytes(...blocks).slice(0, n);
  };
}
