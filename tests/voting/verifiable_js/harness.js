// Exposes the protocol module to tests/voting/test_verifiable_js.py (window.V) with helpers (window.T)
// that turn BigInt secrets into JSON and reproduce the Python side's deterministic test randomness.
import * as V from '/static/voting/verifiable/protocol.js';
import { sha256, utf8ToBytes, concatBytes } from '/static/voting/vendor/noble.js';

/**
 * daihoi.core.verifiable.group.deterministic_rng: SHA-256(seed + 8-byte big-endian counter) blocks,
 * each draw(n) takes whole blocks and drops what it does not use.
 * @param {string} seed
 */
function deterministicRng(seed) {
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

/** JSON-safe copy: BigInt scalars as hex. @param {unknown} value @returns {any} */
function plain(value) {
  if (typeof value === 'bigint') return V.scalarHex(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Runs fn and returns {ok: result} or {error: code, field}. @param {() => unknown} fn */
function attempt(fn) {
  try {
    return { ok: plain(fn()) };
  } catch (e) {
    const err = /** @type {any} */ (e);
    return { error: err.code ?? String(err), field: err.params?.field ?? null };
  }
}

window.T = { deterministicRng, plain, attempt };
window.V = V;
