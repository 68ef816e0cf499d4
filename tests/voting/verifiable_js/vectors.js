// The shared test vectors (tests/core/verifiable/vectors.json, made by scripts/verifiable_vectors.py)
// recomputed in the browser with the deterministic randomness each seed names, in the draw order of the
// vectors' notes. Returns [name, [computed, expected]] pairs for the Python test to compare; the vector
// ballots also verify and the audited ones open in JS.
import { deterministicRng as rngOf } from './rng.js';

/**
 * @param {any} V  the protocol module
 * @param {any} v  the parsed vectors.json
 * @returns {[string, [unknown, unknown]][]}
 */
export function runVectors(V, v) {
  const out = [];
  const same = (name, mine, theirs) => out.push([name, [mine, theirs]]);
  const canon = (x) => new TextDecoder().decode(V.canonicalJson(x));
  const refuses = (fn) => {
    try {
      fn();
      return 'accepted';
    } catch (e) {
      return e.code;
    }
  };
  const G = V.pointFromHex(v.group.G, 'G');
  for (const m of v.group.multiples)
    same('group ' + m.scalar, V.pointHex(G.multiply(V.scalarFromHex(m.scalar, 's'))), m.point);
  same('group L', V.L.toString(), v.group.L);
  for (const [n, h] of v.hash_to_scalar.entries()) {
    const wrap = {
      text: (/** @type {any} */ x) => V.Text(x),
      int: (/** @type {any} */ x) => V.Num(x),
      point: (/** @type {any} */ x) => V.Pt(V.pointFromHex(x, 'x')),
      scalar: (/** @type {any} */ x) => V.Sc(V.scalarFromHex(x, 'x')),
    };
    const items = h.items.map((/** @type {[keyof wrap, unknown]} */ [kind, x]) => wrap[kind](x));
    same('hash ' + n, V.scalarHex(V.hashToScalar(h.tag, ...items)), h.scalar);
  }
  const hex = (/** @type {Uint8Array} */ bytes) =>
    Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  same('rng', hex(rngOf(v.rng.seed)(64)), v.rng.draws64[0]);
  for (const [name, h] of Object.entries(v.invalid_points))
    same(
      'invalid point ' + name,
      refuses(() => V.pointFromHex(h, 'p')),
      'bad_point',
    );
  for (const [name, h] of Object.entries(v.invalid_scalars))
    same(
      'invalid scalar ' + name,
      refuses(() => V.scalarFromHex(h, 's')),
      'bad_scalar',
    );

  const c = v.ceremony;
  let rng = rngOf('vectors/ceremony');
  const secrets = {};
  const keys = {};
  for (const ck of c.comm_keys) {
    const { secret, message } = V.commKey(c.context, ck.index, rng);
    secrets[ck.index] = secret;
    keys[ck.index] = message.E;
    same('ceremony comm secret ' + ck.index, V.scalarHex(secret), ck.secret);
    same('ceremony comm message ' + ck.index, canon(message), canon(ck.message));
  }
  const deals = {};
  for (const d of c.deals) {
    const { secret, message } = V.deal(c.context, d.dealer, c.threshold, keys, rng);
    deals[d.dealer] = d.message;
    same('ceremony deal coefficients ' + d.dealer, secret.map(V.scalarHex), d.coefficients);
    same('ceremony deal message ' + d.dealer, canon(message), canon(d.message));
  }
  const commitments = Object.fromEntries(c.deals.map((d) => [d.dealer, d.message.commitments]));
  for (const cf of c.confirms) {
    const { share, complaints } = V.receive(c.context, cf.index, secrets[cf.index], deals);
    same('ceremony complaints ' + cf.index, complaints, []);
    same('ceremony share ' + cf.index, V.scalarHex(share), cf.share);
    same(
      'ceremony confirm ' + cf.index,
      canon(V.confirm(c.context, cf.index, share, rng)),
      canon(cf.message),
    );
    same(
      'ceremony verification key ' + cf.index,
      V.pointHex(V.verificationKey(commitments, cf.index)),
      c.verification_keys[String(cf.index)],
    );
  }
  same('ceremony public key', V.pointHex(V.publicKey(commitments)), c.public_key);
  for (const kf of c.key_files) {
    const mine = V.keyFile({
      ceremony: c.uuid,
      congress: kf.congress,
      index: kf.index,
      threshold: kf.threshold,
      trustees: kf.trustees,
      publicKey: c.public_key,
      share: V.scalarFromHex(kf.share, 's'),
    });
    same('key_file ' + kf.index, canon(mine), canon(kf));
  }

  for (const poll of v.polls) {
    const m = poll.manifest;
    same(poll.name + ' context', V.context(m), poll.context);
    rng = rngOf('vectors/' + poll.name);
    for (const [n, b] of poll.ballots.entries()) {
      const tag = poll.name + ' ballot ' + n + ' ';
      const choice = V.choiceFromContent(m, b.content);
      same(tag + 'choice', choice, b.choice);
      const { ballot, secrets } = V.encryptBallot(m, choice, rng);
      same(tag + 'bytes', canon(ballot), canon(b.ballot));
      same(tag + 'reveal', V.reveal(secrets), b.reveal);
      same(tag + 'tracker', V.tracker(ballot), b.tracker);
      same(
        tag + 'verifies',
        refuses(() => V.verifyBallot(m, b.ballot)),
        'accepted',
      );
    }
    const keyShares = [1, 3, 4].map((i) => V.loadKeyFile(c.key_files[i - 1], m));
    for (const [n, ks] of keyShares.entries())
      same(
        poll.name + ' share ' + ks.index,
        canon(V.decryptionShare(m, poll.tally_all, ks, rng)),
        canon(poll.shares_all[n]),
      );
    for (const [n, ks] of keyShares.entries())
      same(
        poll.name + ' board share ' + ks.index,
        canon(V.decryptionShare(m, poll.board.tally, ks, rng)),
        canon(poll.board.shares[n]),
      );
    for (const [n, a] of poll.board.audited.entries())
      same(poll.name + ' audited ' + n, V.checkAudited(m, a.ballot, a.reveal), poll.ballots[0].choice);
  }
  return out;
}
