// Exposes the protocol module to tests/voting/test_verifiable_js.py (window.V) with helpers (window.T)
// that turn BigInt secrets into JSON and reproduce the Python side's deterministic test randomness.
import * as V from '/static/voting/verifiable/protocol.js';
import { deterministicRng } from './rng.js';
import { runVectors } from './vectors.js';

/** JSON-safe copy: BigInt scalars as hex. @param {unknown} value @returns {any} */
function plain(value) {
  if (typeof value === 'bigint') return V.scalarHex(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
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

window.T = { deterministicRng, plain, attempt, runVectors };
window.V = V;
