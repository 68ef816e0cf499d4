/**
 * The verifiable secret ballot in the browser: docs/verifiable-voting.md (normative), the same protocol
 * as the server's Python `daihoi.core.verifiable`, checked against it by the test vectors of
 * tests/core/verifiable/vectors.json (tests/voting/test_verifiable_js.py).
 *
 * An ES module with no DOM: the phone page, the trustee page and the board's check page import it.
 * Group and hash operations come only from the vendored @noble/curves / @noble/hashes (../vendor/noble.js);
 * nothing here does field or curve arithmetic by hand. Scalars are BigInt mod L (noble's Point.Fn).
 *
 * Exported (hex strings on the wire, BigInt scalars and noble points inside):
 *   Encodings (§1)
 *     L                                   the group order
 *     canonicalJson(value) -> Uint8Array  Python's json.dumps(sort_keys, compact, ensure_ascii=False)
 *     sha256Hex(bytes) -> string
 *     Pt(P), Sc(s), Num(n), Text(s)       typed items of a hash
 *     hashToScalar(tag, ...items) -> bigint
 *     pointFromHex(hex, field) -> Point   bad_point unless libsodium's is_valid_point would accept it
 *     pointHex(P), scalarFromHex(hex, field) -> bigint, scalarHex(s)
 *     systemRandom(n) -> Uint8Array (crypto.getRandomValues), randomScalar(rng?) -> bigint
 *     VerifiableError {code, params}      same codes as the Python package
 *   Proofs (§3)
 *     pokProve(x, tag, ctx, i, rng?) -> {c, z};  pokVerify(X, proof, tag, ctx, i) -> boolean
 *     disjunctiveProve / disjunctiveVerify, decryptionProve / decryptionVerify
 *   Key ceremony, trustee side (§2)
 *     commKey(ctxK, i, rng?) -> {secret, message: {E, pok}}
 *     deal(ctxK, j, k, commKeys: {[i]: hexE}, rng?) -> {secret: bigint[], message: {commitments, pok,
 *                                                                                shares}}
 *     receive(ctxK, i, e, deals: {[j]: message}) -> {share: bigint, complaints: number[]}
 *     confirm(ctxK, i, share, rng?) -> {X, pok}
 *     checkDeal(ctxK, j, k, n, msg) -> Point[]   the public checks of a deal (throws bad_deal)
 *     publicKey(commitments), verificationKey(commitments, i) -> Point   (commitments: {[j]: hex[]})
 *     checkManifestKeys(manifest)             §6.1: H and every X_i match the manifest's commitments
 *     keyFile({ceremony, congress, index, threshold, trustees, publicKey, share}) -> object (§2.1)
 *     loadKeyFile(file, manifest) -> KeyShare    checks x·G = X and H, X against the manifest
 *   Poll (§4)
 *     context(manifest) -> string                 the poll's ctx
 *     allowedValues(form, limit, nNames, reasons), weights(nNames, reasons)
 *     choiceFromContent(manifest, content) -> {xs, flags}
 *     prepare(manifest)                           builds G's and H's tables ahead (when the ballot shows)
 *     encryptBallot(manifest, choice, rng?) -> {ballot, secrets}
 *     reveal(secrets) -> {answers: [[m, r]], flags: [[m, r]]}
 *     tracker(ballot) -> "7F3K QXWA ...";  trackerKey(tracker) -> "7F3KQXWA..."
 *     verifyBallot(manifest, ballot) -> {answers: [A, B][], flags: [A, B][]}   throws VerifiableError
 *     checkAudited(manifest, ballot, reveal) -> {xs, flags}
 *     decryptionShare(manifest, tally, keyShare, rng?) -> {trustee, D, proofs}   (§3.3, §4.5)
 *
 * `rng`, where a function draws, is a source of random bytes `(n) => Uint8Array`, as the Python side's
 * (`os.urandom` by default there, crypto.getRandomValues here); every scalar drawn is 64 of its bytes
 * reduced mod L. The tests inject a deterministic one to reproduce the vectors, so the ORDER of draws in
 * each function is part of the contract with the Python implementation (documented at each function).
 */

import {
  Point,
  sha256,
  sha512,
  bytesToHex,
  hexToBytes,
  concatBytes,
  utf8ToBytes,
  bytesToNumberLE,
  numberToBytesLE,
} from '../vendor/noble.js';

/** @typedef {InstanceType<typeof Point>} GroupPoint  a noble Edwards25519 point */
/** @typedef {(n: number) => Uint8Array} Rng  a source of random bytes */
/** @typedef {{c: string[], v: string[]}} DisjunctiveProof */
/** @typedef {{c: string, z: string}} SchnorrProof */
/** @typedef {{A: string, B: string, proof: DisjunctiveProof}} EncryptedAnswer */
/**
 * @typedef {{poll: string, answers: EncryptedAnswer[], flags: EncryptedAnswer[],
 *            range: DisjunctiveProof|null}} Ballot
 */
/** @typedef {{xs: number[], flags: number[]}} Choice  plaintexts: one 0/1 per name, one 0/1 per reason */
/** @typedef {{answers: [number, bigint][], flags: [number, bigint][]}} Secrets  plaintext and randomness */
/**
 * @typedef {{index: number, share: bigint, X: GroupPoint, H: GroupPoint, threshold: number,
 *            trustees: number}} KeyShare  a checked key file (loadKeyFile)
 */

const Fn = Point.Fn;
/** The order of the group: 2^252 + 27742317777372353535851937790883648493. */
export const L = Fn.ORDER;
const G = Point.BASE;
const ZERO = Point.ZERO;
const HEX64 = /^[0-9a-f]{64}$/;
const IDENTITY_HEX = '01' + '00'.repeat(31);

// Fixed-base multiplications dominate the phone's work (every ciphertext and proof below is built from
// multiples of G and H only), so both get precomputed tables (noble's wNAF windows). An 8-bit window
// makes a 200-name ballot about a fifth faster than noble's default 6 bits, but its table (4,224 points
// against 1,376) costs more than it saves on a 30-name ballot (measured in CPU time: 30 names 230 ms
// with 6 bits, 350 ms with 8, tables included), so the width follows the ballot's size. Tables are
// built at the first multiplication, or ahead of time by prepare(manifest) while the voter reads the
// ballot. Secret scalars go through noble's constant-time `multiply` (its variable-time
// `multiplyUnsafe`, used only for verification, would be twice as fast).
const SMALL_WINDOW = 6;
const LARGE_WINDOW = 8;
/** Above this many fixed-base multiplications per ballot (about 7 a name, 3 a range value), 8 bits. */
const LARGE_BALLOT = 600;
let baseWindow = SMALL_WINDOW;
G.precompute(SMALL_WINDOW, true);

/** Widens G's table (once: it is rebuilt at the next multiplication) when a large ballot needs it. */
function useBaseWindow(/** @type {number} */ W) {
  if (W > baseWindow) {
    G.precompute(W, true);
    baseWindow = W;
  }
}

// ---------------------------------------------------------------------------------------------- errors

/** A protocol error with a stable code (the Python package's codes) and parameters such as `field`. */
export class VerifiableError extends Error {
  /**
   * @param {string} code
   * @param {Record<string, unknown>} [params]
   */
  constructor(code, params = {}) {
    super(params.field ? `${code}: ${params.field}` : code);
    this.name = 'VerifiableError';
    this.code = code;
    this.params = params;
  }
}

// ------------------------------------------------------------------------------------- encodings (§1)

/**
 * Canonical JSON, byte for byte Python's
 * `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")`.
 * @param {unknown} value  objects, arrays, strings, integers (and null)
 * @returns {Uint8Array}
 */
export function canonicalJson(value) {
  return utf8ToBytes(canonicalText(value));
}

/** Python sorts keys by code point; JS's default sort compares UTF-16 units, which differ past U+FFFF. */
function byCodePoint(/** @type {string} */ a, /** @type {string} */ b) {
  const x = Array.from(a, (ch) => /** @type {number} */ (ch.codePointAt(0)));
  const y = Array.from(b, (ch) => /** @type {number} */ (ch.codePointAt(0)));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** @param {unknown} value @returns {string} */
function canonicalText(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value); // escapes exactly as Python's json does
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('canonical JSON holds integers only');
    return String(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalText).join(',') + ']';
  if (typeof value === 'object') {
    const obj = /** @type {Record<string, unknown>} */ (value);
    const keys = Object.keys(obj).sort(byCodePoint);
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalText(obj[k])).join(',') + '}';
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}

/** @param {Uint8Array} bytes @returns {string} lowercase hex SHA-256 */
export function sha256Hex(bytes) {
  return bytesToHex(sha256(bytes));
}

/**
 * Typed items of `hashToScalar`, so that a scalar and a count are never confused.
 * @typedef {{bytes: Uint8Array}} HashItem
 */
/** @param {GroupPoint} P @returns {HashItem} */
export const Pt = (P) => ({ bytes: P.toBytes() });
/** @param {bigint} s @returns {HashItem} */
export const Sc = (s) => ({ bytes: numberToBytesLE(Fn.create(s), 32) });
/** @param {number} n @returns {HashItem} */
export const Num = (n) => {
  if (!Number.isSafeInteger(n)) throw new TypeError('Num: an integer');
  return { bytes: utf8ToBytes(String(n)) };
};
/** @param {string} s @returns {HashItem} */
export const Text = (s) => ({ bytes: utf8ToBytes(s) });

/**
 * Hs(tag, x1..xn) = SHA-512("daihoi/v1/" + tag + 0x00 + enc(x1) + ...) little-endian mod L, where enc is a
 * 4-byte big-endian length then the bytes (§1).
 * @param {string} tag
 * @param {...HashItem} items
 * @returns {bigint}
 */
export function hashToScalar(tag, ...items) {
  const parts = [utf8ToBytes('daihoi/v1/' + tag), new Uint8Array([0])];
  for (const { bytes } of items) {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, bytes.length, false);
    parts.push(len, bytes);
  }
  return Fn.create(bytesToNumberLE(sha512(concatBytes(...parts))));
}

/**
 * A point received on the wire: 64 lowercase hex characters that libsodium's
 * crypto_core_ed25519_is_valid_point accepts (canonical encoding, on the curve, in the prime-order
 * subgroup, not of small order; so never the identity).
 * @param {unknown} hex
 * @param {string} field  named in the error
 * @returns {GroupPoint}
 */
export function pointFromHex(hex, field) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) throw new VerifiableError('bad_point', { field });
  let P;
  try {
    P = Point.fromHex(hex); // zip215 = false: RFC 8032's canonical decoding (y < p, no "-0")
  } catch {
    throw new VerifiableError('bad_point', { field });
  }
  if (P.isSmallOrder() || !P.isTorsionFree()) throw new VerifiableError('bad_point', { field });
  return P;
}

/** @param {GroupPoint} P @returns {string} the 32-byte compressed encoding in hex (identity: 01 00..00) */
export const pointHex = (P) => P.toHex();

/**
 * @param {unknown} hex  64 lowercase hex characters, little-endian, < L
 * @param {string} field
 * @returns {bigint}
 */
export function scalarFromHex(hex, field) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) throw new VerifiableError('bad_scalar', { field });
  const s = bytesToNumberLE(hexToBytes(hex));
  if (s >= L) throw new VerifiableError('bad_scalar', { field });
  return s;
}

/** @param {bigint} s @returns {string} */
export const scalarHex = (s) => bytesToHex(numberToBytesLE(Fn.create(s), 32));

/** n bytes from the browser's cryptographic generator. @type {Rng} */
export function systemRandom(n) {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** A uniform scalar: 64 random bytes reduced mod L (§1). @param {Rng} [rng] @returns {bigint} */
export function randomScalar(rng = systemRandom) {
  const bytes = rng(64);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 64) throw new TypeError('rng(64): 64 bytes');
  return Fn.create(bytesToNumberLE(bytes));
}

/** s·P for any s (reduced mod L; 0 gives the identity, which noble's multiply refuses). */
function mul(/** @type {GroupPoint} */ P, /** @type {bigint} */ s) {
  const t = Fn.create(s);
  return t === 0n || P.is0() ? ZERO : P.multiply(t);
}
/** s·P for public s (no constant-time effort: verification). */
function mulPublic(/** @type {GroupPoint} */ P, /** @type {bigint} */ s) {
  return P.multiplyUnsafe(Fn.create(s));
}
const mulG = (/** @type {bigint} */ s) => mul(G, s);
/** m·G for a small non-negative integer m. */
const intG = (/** @type {number} */ m) => mul(G, BigInt(m));

/** An election key is the base of thousands of multiplications: one precomputed copy per key. */
const precomputed = new Map();
/** @param {string} hex @param {string} field @param {number} W @returns {GroupPoint} */
function fixedBase(hex, field, W) {
  let entry = precomputed.get(hex);
  if (!entry || entry.W < W) {
    entry = { P: entry?.P ?? pointFromHex(hex, field), W };
    entry.P.precompute(W, true);
    precomputed.set(hex, entry);
  }
  return entry.P;
}

// --------------------------------------------------------------------------------------- proofs (§3)

/**
 * §3.1 Schnorr proof of knowledge of x with X = x·G.
 * @param {bigint} x @param {string} tag @param {string} ctx @param {number} i @param {Rng} [rng]
 * @returns {SchnorrProof}
 */
export function pokProve(x, tag, ctx, i, rng = systemRandom) {
  const t = randomScalar(rng);
  const c = hashToScalar(tag, Text(ctx), Num(i), Pt(mulG(x)), Pt(mulG(t)));
  return { c: scalarHex(c), z: scalarHex(Fn.add(t, Fn.mul(c, x))) };
}

/**
 * @param {GroupPoint} X @param {unknown} proof @param {string} tag @param {string} ctx @param {number} i
 * @param {string} [field]
 * @returns {boolean} (throws VerifiableError on a malformed proof)
 */
export function pokVerify(X, proof, tag, ctx, i, field = 'pok') {
  const p = /** @type {SchnorrProof} */ (asObject(proof, field, ['c', 'z']));
  const c = scalarFromHex(p.c, `${field}.c`);
  const z = scalarFromHex(p.z, `${field}.z`);
  const T = mulPublic(G, z).subtract(mulPublic(X, c));
  return hashToScalar(tag, Text(ctx), Num(i), Pt(X), Pt(T)) === c;
}

/**
 * §3.2 Proof that (A, B) = (r·G, r·H + S[q]·G) encrypts one of S, made by the holder of r.
 *
 * The simulated branches j != q are defined as a_j = v_j·G - c_j·A and b_j = v_j·H - c_j·(B - s_j·G).
 * Knowing r, the prover computes the same points from fixed bases only:
 * a_j = (v_j - c_j·r)·G and b_j = (v_j - c_j·r)·H + c_j·(s_j - m)·G, which is several times faster
 * on a phone than multiplying A and B (the verifier, without r, uses the defining formulas).
 *
 * Randomness order: w first, then c_j and v_j for each j != q in index order.
 * @param {string} ctx @param {string} label
 * @param {GroupPoint} H @param {GroupPoint} A @param {GroupPoint} B
 * @param {bigint} r @param {number[]} S @param {number} q  index of the plaintext in S
 * @param {Rng} [rng]
 * @returns {DisjunctiveProof}
 */
export function disjunctiveProve(ctx, label, H, A, B, r, S, q, rng = systemRandom) {
  const m = BigInt(S[q]);
  /** @type {bigint[]} */ const cs = [];
  /** @type {bigint[]} */ const vs = [];
  /** @type {HashItem[]} */ const commits = [];
  const w = randomScalar(rng);
  for (let j = 0; j < S.length; j++) {
    if (j === q) {
      cs.push(0n);
      vs.push(0n);
      commits.push(Pt(mul(G, w)), Pt(mul(H, w)));
    } else {
      const cj = randomScalar(rng);
      const vj = randomScalar(rng);
      cs.push(cj);
      vs.push(vj);
      const u = Fn.sub(vj, Fn.mul(cj, r));
      commits.push(Pt(mul(G, u)), Pt(mul(H, u).add(mulG(Fn.mul(cj, Fn.create(BigInt(S[j]) - m))))));
    }
  }
  const c = disjunctiveHash(ctx, label, H, A, B, S, commits);
  let cq = c;
  for (let j = 0; j < S.length; j++) if (j !== q) cq = Fn.sub(cq, cs[j]);
  cs[q] = cq;
  vs[q] = Fn.add(w, Fn.mul(cq, r));
  return { c: cs.map(scalarHex), v: vs.map(scalarHex) };
}

/** @param {string} ctx @param {string} label @param {GroupPoint} H @param {GroupPoint} A
 *  @param {GroupPoint} B @param {number[]} S @param {HashItem[]} commits  a_0, b_0, a_1, b_1, ... */
function disjunctiveHash(ctx, label, H, A, B, S, commits) {
  return hashToScalar('disj', Text(ctx), Text(label), Pt(H), Pt(A), Pt(B), ...S.map(Num), ...commits);
}

/**
 * §3.2 verification: recompute every a_j = v_j·G - c_j·A, b_j = v_j·H - c_j·(B - s_j·G) and compare the
 * sum of the c_j with the hash.
 * @param {string} ctx @param {string} label @param {GroupPoint} H @param {GroupPoint} A
 * @param {GroupPoint} B @param {number[]} S @param {unknown} proof @param {string} field
 * @returns {boolean} (throws VerifiableError on a malformed proof)
 */
export function disjunctiveVerify(ctx, label, H, A, B, S, proof, field) {
  const p = /** @type {DisjunctiveProof} */ (asObject(proof, field, ['c', 'v']));
  if (!Array.isArray(p.c) || p.c.length !== S.length)
    throw new VerifiableError('wrong_shape', { field: `${field}.c` });
  if (!Array.isArray(p.v) || p.v.length !== S.length)
    throw new VerifiableError('wrong_shape', { field: `${field}.v` });
  const cs = p.c.map((x, j) => scalarFromHex(x, `${field}.c[${j}]`));
  const vs = p.v.map((x, j) => scalarFromHex(x, `${field}.v[${j}]`));
  /** @type {HashItem[]} */ const commits = [];
  let sum = 0n;
  for (let j = 0; j < S.length; j++) {
    const a = mulPublic(G, vs[j]).subtract(mulPublic(A, cs[j]));
    const shifted = S[j] === 0 ? B : B.subtract(intG(S[j]));
    const b = mulPublic(H, vs[j]).subtract(mulPublic(shifted, cs[j]));
    commits.push(Pt(a), Pt(b));
    sum = Fn.add(sum, cs[j]);
  }
  return sum === disjunctiveHash(ctx, label, H, A, B, S, commits);
}

/**
 * §3.3 Chaum–Pedersen proof that D = x·A for X = x·G.
 * @param {string} ctx @param {number} i @param {bigint} x @param {GroupPoint} X @param {GroupPoint} A
 * @param {GroupPoint} D @param {Rng} [rng]
 * @returns {SchnorrProof}
 */
export function decryptionProve(ctx, i, x, X, A, D, rng = systemRandom) {
  const w = randomScalar(rng);
  const c = hashToScalar('decrypt', Text(ctx), Num(i), Pt(X), Pt(A), Pt(D), Pt(mulG(w)), Pt(mul(A, w)));
  return { c: scalarHex(c), z: scalarHex(Fn.add(w, Fn.mul(c, x))) };
}

/**
 * @param {string} ctx @param {number} i @param {GroupPoint} X @param {GroupPoint} A @param {GroupPoint} D
 * @param {unknown} proof @param {string} field
 * @returns {boolean}
 */
export function decryptionVerify(ctx, i, X, A, D, proof, field) {
  const p = /** @type {SchnorrProof} */ (asObject(proof, field, ['c', 'z']));
  const c = scalarFromHex(p.c, `${field}.c`);
  const z = scalarFromHex(p.z, `${field}.z`);
  const a = mulPublic(G, z).subtract(mulPublic(X, c));
  const b = mulPublic(A, z).subtract(mulPublic(D, c));
  return hashToScalar('decrypt', Text(ctx), Num(i), Pt(X), Pt(A), Pt(D), Pt(a), Pt(b)) === c;
}

// ------------------------------------------------------------------------------ key ceremony (§2)

/**
 * Step 1: the trustee's communication key e_i and its public message.
 * @param {string} ctxK  "ceremony:<uuid>"
 * @param {number} i
 * @param {Rng} [rng]
 * @returns {{secret: bigint, message: {E: string, pok: SchnorrProof}}}
 */
export function commKey(ctxK, i, rng = systemRandom) {
  const e = randomScalar(rng);
  return { secret: e, message: { E: pointHex(mulG(e)), pok: pokProve(e, 'pok-comm', ctxK, i, rng) } };
}

/**
 * Step 2: the dealer j's polynomial of degree k-1, its commitments, and one encrypted share per
 * trustee. Randomness order: the k coefficients, ρ for each trustee in index order, then the proof's t.
 * @param {string} ctxK @param {number} j @param {number} k
 * @param {Record<string|number, string>} commKeys  E_i (hex) by trustee index, all n of them
 * @param {Rng} [rng]
 * @returns {{secret: bigint[], message: {commitments: string[], pok: SchnorrProof,
 *            shares: {to: number, R: string, enc: string}[]}}}
 */
export function deal(ctxK, j, k, commKeys, rng = systemRandom) {
  const coefficients = Array.from({ length: k }, () => randomScalar(rng));
  const commitments = coefficients.map((a) => pointHex(mulG(a)));
  const indices = Object.keys(commKeys)
    .map(Number)
    .sort((a, b) => a - b);
  const shares = indices.map((i) => {
    const E = pointFromHex(commKeys[i], `comm_keys[${i}]`);
    const rho = randomScalar(rng);
    const R = mulG(rho);
    const mask = hashToScalar('share', Text(ctxK), Num(j), Num(i), Pt(R), Pt(mul(E, rho)));
    return { to: i, R: pointHex(R), enc: scalarHex(Fn.add(evaluate(coefficients, i), mask)) };
  });
  const pok = pokProve(coefficients[0], 'pok-coef', ctxK, j, rng);
  return { secret: coefficients, message: { commitments, pok, shares } };
}

/** f(i) mod L by Horner's rule over the scalar field. */
function evaluate(/** @type {bigint[]} */ coefficients, /** @type {number} */ i) {
  let y = 0n;
  for (let l = coefficients.length - 1; l >= 0; l--) y = Fn.add(Fn.mul(y, BigInt(i)), coefficients[l]);
  return y;
}

/** Σ_l i^l·C_l: the public image of a dealer's share for trustee i. */
function commitmentAt(/** @type {GroupPoint[]} */ C, /** @type {number} */ i) {
  let acc = ZERO;
  let power = 1n;
  for (const Cl of C) {
    acc = acc.add(mulPublic(Cl, power));
    power = Fn.mul(power, BigInt(i));
  }
  return acc;
}

/**
 * The public checks of dealer j's message (§2 step 2): k valid commitments, the proof of a_{j,0}, one
 * share per trustee 1..n in order. Returns the commitments; throws VerifiableError('bad_deal', ...).
 * @param {string} ctxK @param {number} j @param {number} k @param {number} n @param {unknown} msg
 * @returns {GroupPoint[]}
 */
export function checkDeal(ctxK, j, k, n, msg) {
  const bad = (/** @type {string} */ field) => new VerifiableError('bad_deal', { field });
  const m = asObject(msg, 'message', ['commitments', 'pok', 'shares'], 'bad_deal');
  if (!Array.isArray(m.commitments) || m.commitments.length !== k) throw bad('commitments');
  const C = m.commitments.map((/** @type {unknown} */ h, /** @type {number} */ l) =>
    pointFromHex(h, `commitments[${l}]`),
  );
  if (!pokVerify(C[0], m.pok, 'pok-coef', ctxK, j)) throw new VerifiableError('bad_proof', { field: 'pok' });
  if (!Array.isArray(m.shares) || m.shares.length !== n) throw bad('shares');
  m.shares.forEach((/** @type {unknown} */ share, /** @type {number} */ t) => {
    const sh = asObject(share, `shares[${t}]`, ['to', 'R', 'enc'], 'bad_deal');
    if (sh.to !== t + 1) throw bad(`shares[${t}]`);
    pointFromHex(sh.R, `shares[${t}].R`);
    scalarFromHex(sh.enc, `shares[${t}].enc`);
  });
  return C;
}

/**
 * Step 3: decrypt the shares addressed to trustee i and check each against its dealer's commitments.
 * A dealer whose message fails checkDeal or whose share does not match is named in `complaints`
 * (and then `share` is 0: the ceremony is run again).
 * @param {string} ctxK @param {number} i @param {bigint} e  the communication secret
 * @param {Record<string|number, any>} deals  every dealer's message, by dealer index
 * @returns {{share: bigint, complaints: number[]}}
 */
export function receive(ctxK, i, e, deals) {
  const dealers = Object.keys(deals)
    .map(Number)
    .sort((a, b) => a - b);
  const n = dealers.length;
  const k = n ? (deals[dealers[0]].commitments?.length ?? 0) : 0;
  let x = 0n;
  /** @type {number[]} */ const complaints = [];
  for (const j of dealers) {
    let C;
    try {
      C = checkDeal(ctxK, j, k, n, deals[j]);
    } catch (err) {
      if (!(err instanceof VerifiableError)) throw err;
      complaints.push(j);
      continue;
    }
    const mine = deals[j].shares[i - 1];
    const R = pointFromHex(mine.R, 'R');
    const s = Fn.sub(
      scalarFromHex(mine.enc, 'enc'),
      hashToScalar('share', Text(ctxK), Num(j), Num(i), Pt(R), Pt(mul(R, e))),
    );
    if (!mulG(s).equals(commitmentAt(C, i))) complaints.push(j);
    else x = Fn.add(x, s);
  }
  return { share: complaints.length ? 0n : x, complaints };
}

/**
 * Step 3's public message: the verification key X_i = x_i·G and the proof that the trustee holds x_i.
 * @param {string} ctxK @param {number} i @param {bigint} share @param {Rng} [rng]
 * @returns {{X: string, pok: SchnorrProof}}
 */
export function confirm(ctxK, i, share, rng = systemRandom) {
  return { X: pointHex(mulG(share)), pok: pokProve(share, 'pok-share', ctxK, i, rng) };
}

/** @param {Record<string|number, string[]>} commitments  C_{j,l} (hex) by dealer @returns {GroupPoint} */
export function publicKey(commitments) {
  let H = ZERO;
  for (const [j, C] of Object.entries(commitments)) H = H.add(pointFromHex(C[0], `commitments[${j}][0]`));
  return H;
}

/** X_i = Σ_j Σ_l i^l·C_{j,l}. @param {Record<string|number, string[]>} commitments @param {number} i */
export function verificationKey(commitments, i) {
  let X = ZERO;
  for (const [j, C] of Object.entries(commitments))
    X = X.add(
      commitmentAt(
        C.map((h, l) => pointFromHex(h, `commitments[${j}][${l}]`)),
        i,
      ),
    );
  return X;
}

/**
 * §6.1 the manifest's keys against the ceremony: H = Σ_j C_{j,0} and every X_i from the commitments
 * (k per dealer, k = the threshold). Throws bad_manifest / bad_commitment naming the field.
 * @param {any} manifest
 */
export function checkManifestKeys(manifest) {
  const rows = manifest.commitments;
  const k = manifest.threshold;
  if (
    !Array.isArray(rows) ||
    rows.length === 0 ||
    rows.some((row) => !Array.isArray(row) || row.length !== k)
  )
    throw new VerifiableError('bad_manifest', { field: 'commitments' });
  /** @type {Record<number, string[]>} */
  const commitments = Object.fromEntries(rows.map((row, j) => [j + 1, row]));
  if (!publicKey(commitments).equals(pointFromHex(manifest.public_key, 'public_key')))
    throw new VerifiableError('bad_commitment', { field: 'public_key' });
  manifest.trustees.forEach((/** @type {any} */ t, /** @type {number} */ n) => {
    const field = `trustees[${n}].verification_key`;
    if (!verificationKey(commitments, t.index).equals(pointFromHex(t.verification_key, field)))
      throw new VerifiableError('bad_commitment', { field });
  });
}

/**
 * §2.1 the key file the trustee keeps.
 * @param {{ceremony: string, congress: string, index: number, threshold: number, trustees: number,
 *          publicKey: string, share: bigint}} facts
 */
export function keyFile({ ceremony, congress, index, threshold, trustees, publicKey: H, share }) {
  return {
    format: 'daihoi-key-share/1',
    ceremony,
    congress,
    index,
    threshold,
    trustees,
    public_key: H,
    verification_key: pointHex(mulG(share)),
    share: scalarHex(share),
  };
}

/**
 * Reads a key file and checks it before use (§2.1): x_i·G = X_i, and H, X_i (and the threshold) are the
 * manifest's, or, before a poll exists, those given as {public_key, verification_key, ceremony}.
 * Throws VerifiableError('bad_key_file', {field}).
 * @param {unknown} file
 * @param {any} [facts]  a manifest, or {public_key?, verification_key?, ceremony?}
 * @returns {KeyShare}
 */
export function loadKeyFile(file, facts) {
  const bad = (/** @type {string} */ field) => new VerifiableError('bad_key_file', { field });
  const keys = [
    'format',
    'ceremony',
    'congress',
    'index',
    'threshold',
    'trustees',
    'public_key',
    'verification_key',
    'share',
  ];
  const data = asObject(file, 'format', keys, 'bad_key_file');
  if (data.format !== 'daihoi-key-share/1') throw bad('format');
  for (const key of ['index', 'threshold', 'trustees'])
    if (!Number.isSafeInteger(data[key]) || data[key] < 1) throw bad(key);
  for (const key of ['ceremony', 'congress']) if (typeof data[key] !== 'string') throw bad(key);
  let share, X, H;
  try {
    H = pointFromHex(data.public_key, 'public_key');
    X = pointFromHex(data.verification_key, 'verification_key');
    share = scalarFromHex(data.share, 'share');
  } catch (err) {
    throw err instanceof VerifiableError ? bad(/** @type {string} */ (err.params.field)) : err;
  }
  if (!mulG(share).equals(X)) throw bad('share');
  if (facts) {
    let expectedX = facts.verification_key;
    if (Array.isArray(facts.trustees)) {
      const mine = facts.trustees.find((/** @type {any} */ t) => t.index === data.index);
      if (!mine) throw bad('index');
      expectedX = mine.verification_key;
      if (facts.threshold !== data.threshold) throw bad('threshold');
    }
    if (facts.ceremony !== undefined && facts.ceremony !== data.ceremony) throw bad('ceremony');
    if (facts.public_key !== undefined && facts.public_key !== data.public_key) throw bad('public_key');
    if (expectedX !== undefined && expectedX !== data.verification_key) throw bad('verification_key');
  }
  return { index: data.index, share, X, H, threshold: data.threshold, trustees: data.trustees };
}

// ------------------------------------------------------------------------------------------ poll (§4)

/**
 * Builds the precomputed tables of G and of the poll's key H now (about half a second on a slow phone)
 * instead of inside the first encryptBallot: the phone page calls it when the ballot is shown.
 * @param {any} manifest
 */
export function prepare(manifest) {
  const f = pollFacts(manifest);
  mulG(2n);
  mul(f.H, 2n);
}

/** The poll's context: lowercase hex SHA-256 of the manifest's canonical JSON. @param {object} manifest */
export const context = (manifest) => sha256Hex(canonicalJson(manifest));

/** The weight of the flag of reason r: (n+1)·2^r. @param {number} nNames @param {string[]} reasons */
export const weights = (nNames, reasons) => reasons.map((_, r) => (nNames + 1) * 2 ** r);

/**
 * §4.1 the values the combined ciphertext may hold: the valid sums, then one weight per reason.
 * @param {string} form @param {number} limit @param {number} nNames @param {string[]} reasons
 * @returns {number[]}
 */
export function allowedValues(form, limit, nNames, reasons) {
  /** @type {number[]} */ let sums = [];
  if (form === 'surplus') {
    const lo = reasons.includes('all_struck') ? 1 : 0;
    for (let s = lo; s <= limit; s++) sums.push(s);
  } else if (form === 'single') sums = [0, 1];
  else return []; // no_surplus: no range proof
  return [...sums, ...weights(nNames, reasons)];
}

/**
 * §4.2 the plaintexts of a choice given as the phone's content text: on `surplus` the struck positions
 * ("2,5"; "" none struck), otherwise one character per name, "1" agree, "2" disagree, "0" neither,
 * "3" both (a paper-only mark, read as neither). Throws VerifiableError('bad_content') on other text.
 * @param {any} manifest @param {string} content
 * @returns {Choice}
 */
export function choiceFromContent(manifest, content) {
  const n = manifest.candidates.length;
  /** @type {string[]} */ const reasons = manifest.reasons;
  const refuse = () => new VerifiableError('bad_content', { value: content });
  const invalid = (/** @type {string} */ reason) => {
    const r = reasons.indexOf(reason);
    if (r < 0) throw refuse();
    return { xs: Array(n).fill(0), flags: reasons.map((_, i) => (i === r ? 1 : 0)) };
  };
  const valid = (/** @type {number[]} */ xs) => ({ xs, flags: reasons.map(() => 0) });
  if (typeof content !== 'string') throw refuse();
  if (manifest.form === 'surplus') {
    const struck = new Set();
    if (content !== '') {
      for (const part of content.split(',').filter(Boolean)) {
        if (!/^[0-9]+$/.test(part) || Number(part) < 1 || Number(part) > n || struck.has(Number(part)))
          throw refuse();
        struck.add(Number(part));
      }
    }
    /** @type {number[]} */
    const xs = manifest.candidates.map((/** @type {{position: number}} */ c) =>
      struck.has(c.position) ? 0 : 1,
    );
    const kept = xs.reduce((a, b) => a + b, 0);
    if (kept > manifest.limit) return invalid('too_many');
    if (kept === 0 && reasons.includes('all_struck')) return invalid('all_struck');
    return valid(xs);
  }
  if (content.length !== n || !/^[0123]*$/.test(content)) throw refuse();
  if (manifest.form === 'single') {
    if ((content === '0' || content === '3') && reasons.includes('single_both_or_neither'))
      return invalid('single_both_or_neither');
    return valid([content === '1' ? 1 : 0]);
  }
  if (manifest.form === 'no_surplus') return valid(Array.from(content, (ch) => (ch === '1' ? 1 : 0)));
  throw refuse();
}

const FORM_REASONS = {
  surplus: ['too_many', 'all_struck'],
  single: ['single_both_or_neither'],
  no_surplus: [],
};

/**
 * The manifest's parts a ballot depends on, with the consistency checks of the Python side's
 * `manifest.facts` (format, positions 1..n, reasons of the form, `allowed`); throws bad_manifest.
 * (H and X_i against the ceremony's commitments: checkManifestKeys.)
 * @param {any} manifest
 */
function pollFacts(manifest) {
  const bad = (/** @type {string} */ field) => new VerifiableError('bad_manifest', { field });
  if (!manifest || manifest.format !== 'daihoi-poll/1' || manifest.group !== 'ed25519') throw bad('format');
  if (
    !Array.isArray(manifest.candidates) ||
    manifest.candidates.some((/** @type {any} */ c, /** @type {number} */ p) => c?.position !== p + 1)
  )
    throw bad('candidates');
  const n = manifest.candidates.length;
  /** @type {string[]} */ const reasons = manifest.reasons;
  /** @type {string[] | undefined} */ const known = FORM_REASONS[/** @type {'surplus'} */ (manifest.form)];
  if (!known) throw bad('form');
  if (
    !Array.isArray(reasons) ||
    canonicalText(reasons) !== canonicalText(known.filter((r) => reasons.includes(r)))
  )
    throw bad('reasons');
  if (manifest.form === 'surplus' && !reasons.includes('too_many')) throw bad('reasons');
  const allowed = allowedValues(manifest.form, manifest.limit, n, reasons);
  if (canonicalText(allowed) !== canonicalText(manifest.allowed)) throw bad('allowed');
  const W = 7 * (n + reasons.length) + 3 * allowed.length > LARGE_BALLOT ? LARGE_WINDOW : SMALL_WINDOW;
  useBaseWindow(W);
  return {
    ctx: context(manifest),
    H: fixedBase(manifest.public_key, 'manifest.public_key', W),
    n,
    reasons,
    allowed,
    w: weights(n, reasons).map(BigInt),
    labels: manifest.candidates.map((/** @type {{position: number}} */ c) => `answer:${c.position}`),
    ranged: allowed.length > 0,
  };
}

/**
 * Encrypts a choice (§4.3). Randomness order: for each answer then each flag, r then its proof's draws
 * (disjunctiveProve); then the range proof's draws.
 * @param {any} manifest @param {Choice} choice @param {Rng} [rng]
 * @returns {{ballot: Ballot, secrets: Secrets}}
 */
export function encryptBallot(manifest, choice, rng = systemRandom) {
  const f = pollFacts(manifest);
  if (choice.xs.length !== f.n || choice.flags.length !== f.reasons.length)
    throw new VerifiableError('not_a_ballot_choice');
  const one = (/** @type {number} */ m, /** @type {string} */ label) => {
    if (m !== 0 && m !== 1) throw new VerifiableError('not_a_ballot_choice');
    const r = randomScalar(rng);
    const A = mulG(r);
    const B = mul(f.H, r).add(intG(m));
    const proof = disjunctiveProve(f.ctx, label, f.H, A, B, r, [0, 1], m, rng);
    return {
      out: { A: pointHex(A), B: pointHex(B), proof },
      secret: /** @type {[number, bigint]} */ ([m, r]),
    };
  };
  const answers = choice.xs.map((m, p) => one(m, f.labels[p]));
  const flags = choice.flags.map((m, r) => one(m, `flag:${f.reasons[r]}`));
  let range = null;
  if (f.ranged) {
    // The combined ciphertext Σ(A_p, B_p) + Σ w_r·(A_r, B_r) = (R·G, R·H + M·G) with R, M known here.
    let R = 0n;
    let M = 0;
    answers.forEach(({ secret: [m, r] }) => ((R = Fn.add(R, r)), (M += m)));
    flags.forEach(({ secret: [m, r] }, i) => ((R = Fn.add(R, Fn.mul(f.w[i], r))), (M += m * Number(f.w[i]))));
    const q = f.allowed.indexOf(M);
    if (q < 0) throw new VerifiableError('not_a_ballot_choice');
    const A = mulG(R);
    const B = mul(f.H, R).add(intG(M));
    range = disjunctiveProve(f.ctx, 'range', f.H, A, B, R, f.allowed, q, rng);
  }
  return {
    ballot: { poll: f.ctx, answers: answers.map((a) => a.out), flags: flags.map((a) => a.out), range },
    secrets: { answers: answers.map((a) => a.secret), flags: flags.map((a) => a.secret) },
  };
}

/** §4.4 what a challenged ballot reveals. @param {Secrets} secrets */
export function reveal(secrets) {
  const out = (/** @type {[number, bigint][]} */ list) => list.map(([m, r]) => [m, scalarHex(r)]);
  return { answers: out(secrets.answers), flags: out(secrets.flags) };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * §4.3 the ballot's tracker: SHA-256 of its canonical JSON in RFC 4648 base32, no padding, groups of 4.
 * @param {Ballot} ballot @returns {string}
 */
export function tracker(ballot) {
  const digest = sha256(canonicalJson(ballot));
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) text += BASE32[(value << (5 - bits)) & 31];
  return /** @type {string[]} */ (text.match(/.{1,4}/g)).join(' ');
}

/** The tracker without spaces, upper case (for lookup). @param {string} text */
export const trackerKey = (text) => text.replace(/\s+/g, '').toUpperCase();

/**
 * A received JSON object with exactly the given keys (when given), else VerifiableError(code).
 * @param {unknown} value @param {string} field @param {string[]} [keys] @param {string} [code]
 * @returns {Record<string, any>}
 */
function asObject(value, field, keys, code = 'wrong_shape') {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new VerifiableError(code, { field });
  if (keys) {
    const have = Object.keys(value);
    if (have.length !== keys.length || !keys.every((k) => Object.hasOwn(value, k)))
      throw new VerifiableError(code, { field });
  }
  return /** @type {Record<string, any>} */ (value);
}

/**
 * The server's acceptance checks of §4.3 (except the duplicate-A check, which needs the other ballots).
 * @param {any} manifest @param {unknown} ballot
 * @returns {{answers: [GroupPoint, GroupPoint][], flags: [GroupPoint, GroupPoint][]}}
 */
export function verifyBallot(manifest, ballot) {
  const f = pollFacts(manifest);
  const b = asObject(ballot, 'ballot', ['poll', 'answers', 'flags', 'range']);
  if (b.poll !== f.ctx) throw new VerifiableError('wrong_poll', { field: 'poll' });
  if (!Array.isArray(b.answers) || b.answers.length !== f.n)
    throw new VerifiableError('wrong_shape', { field: 'answers' });
  if (!Array.isArray(b.flags) || b.flags.length !== f.reasons.length)
    throw new VerifiableError('wrong_shape', { field: 'flags' });
  if ((b.range === null) === f.ranged) throw new VerifiableError('wrong_shape', { field: 'range' });
  const seen = new Set();
  const one = (/** @type {unknown} */ item, /** @type {string} */ field, /** @type {string} */ label) => {
    const c = asObject(item, field, ['A', 'B', 'proof']);
    const A = pointFromHex(c.A, `${field}.A`);
    const B = pointFromHex(c.B, `${field}.B`);
    if (seen.has(c.A)) throw new VerifiableError('duplicate_ciphertext', { field: `${field}.A` });
    seen.add(c.A);
    if (!disjunctiveVerify(f.ctx, label, f.H, A, B, [0, 1], c.proof, `${field}.proof`))
      throw new VerifiableError('bad_proof', { field: `${field}.proof` });
    return /** @type {[GroupPoint, GroupPoint]} */ ([A, B]);
  };
  const answers = b.answers.map((/** @type {unknown} */ c, /** @type {number} */ p) =>
    one(c, `answers[${p}]`, f.labels[p]),
  );
  const flags = b.flags.map((/** @type {unknown} */ c, /** @type {number} */ r) =>
    one(c, `flags[${r}]`, `flag:${f.reasons[r]}`),
  );
  if (f.ranged) {
    let A = ZERO;
    let B = ZERO;
    for (const [a, bb] of answers) ((A = A.add(a)), (B = B.add(bb)));
    flags.forEach(([a, bb], r) => ((A = A.add(mulPublic(a, f.w[r]))), (B = B.add(mulPublic(bb, f.w[r])))));
    if (!disjunctiveVerify(f.ctx, 'range', f.H, A, B, f.allowed, b.range, 'range'))
      throw new VerifiableError('bad_proof', { field: 'range' });
  }
  return { answers, flags };
}

/**
 * §6.3 a challenged ballot: its proofs verify, every ciphertext is (r·G, r·H + m·G) with the revealed
 * m and r, and the revealed plaintexts form a ballot the rules allow. Returns them (for the check page).
 * @param {any} manifest @param {Ballot} ballot @param {any} revealed
 * @returns {Choice}
 */
export function checkAudited(manifest, ballot, revealed) {
  const parsed = verifyBallot(manifest, ballot);
  const f = pollFacts(manifest);
  const rv = asObject(revealed, 'reveal', ['answers', 'flags'], 'bad_reveal');
  const open = (/** @type {[GroupPoint, GroupPoint][]} */ cts, /** @type {string} */ key) => {
    const list = rv[key];
    if (!Array.isArray(list) || list.length !== cts.length)
      throw new VerifiableError('bad_reveal', { field: `reveal.${key}` });
    return cts.map(([A, B], t) => {
      const field = `reveal.${key}[${t}]`;
      const pair = list[t];
      if (!Array.isArray(pair) || pair.length !== 2 || (pair[0] !== 0 && pair[0] !== 1))
        throw new VerifiableError('bad_reveal', { field });
      const r = scalarFromHex(pair[1], `${field}[1]`);
      if (!mulG(r).equals(A) || !mul(f.H, r).add(intG(pair[0])).equals(B))
        throw new VerifiableError('bad_reveal', { field });
      return /** @type {number} */ (pair[0]);
    });
  };
  const xs = open(parsed.answers, 'answers');
  const flags = open(parsed.flags, 'flags');
  // The rules: the combined value is allowed (a valid sum and no flag, or one flag and no vote).
  let total = xs.reduce((a, b) => a + b, 0);
  flags.forEach((m, r) => (total += m * Number(f.w[r])));
  if ((f.ranged && !f.allowed.includes(total)) || flags.reduce((a, b) => a + b, 0) > 1)
    throw new VerifiableError('bad_reveal', { field: 'reveal' });
  return { xs, flags };
}

/**
 * §3.3 / §4.5 the trustee's decryption share of a tally, with one proof per position.
 * @param {any} manifest
 * @param {({A: string, B: string} | [string, string])[]} tally  names then flags
 * @param {KeyShare} keyShare  from loadKeyFile(file, manifest)
 * @param {Rng} [rng]
 * @returns {{trustee: number, D: string[], proofs: SchnorrProof[]}}
 */
export function decryptionShare(manifest, tally, keyShare, rng = systemRandom) {
  const ctx = context(manifest);
  if (!Array.isArray(tally) || tally.length !== manifest.candidates.length + manifest.reasons.length)
    throw new VerifiableError('wrong_shape', { field: 'tally' });
  /** @type {string[]} */ const D = [];
  /** @type {SchnorrProof[]} */ const proofs = [];
  tally.forEach((entry, t) => {
    const hex = Array.isArray(entry) ? entry[0] : entry.A;
    // The tally is a sum the server computed: the identity when no ballot was cast (§5), nothing else.
    const A = hex === IDENTITY_HEX ? ZERO : pointFromHex(hex, `tally[${t}].A`);
    const Dt = mul(A, keyShare.share);
    D.push(pointHex(Dt));
    proofs.push(decryptionProve(ctx, keyShare.index, keyShare.share, keyShare.X, A, Dt, rng));
  });
  return { trustee: keyShare.index, D, proofs };
}
