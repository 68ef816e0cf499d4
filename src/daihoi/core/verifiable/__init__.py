"""The verifiable secret ballot (docs/verifiable-voting.md, normative): threshold exponential ElGamal
on the Ed25519 prime-order group through libsodium (PyNaCl). Pure Python, no Django.

Modules: group (points, scalars, encodings), hashing (Hs, canonical JSON, tracker), elgamal, proofs
(§3), ceremony (§2, key file), manifest (§4.1), ballot (§4.2-4.4), tally (§4.5, §5). Errors are
`VerifiableError(code, field=...)` with the codes of `errors.CODES`.
"""

from __future__ import annotations

from .ballot import (
    Choice,
    Parsed,
    Secrets,
    check_audited,
    check_fresh,
    choice_from_content,
    encrypt_ballot,
    reveal,
    verify_ballot,
    verify_many,
)
from .ceremony import (
    KeyShare,
    ceremony_context,
    check_comm_key,
    check_confirm,
    check_deal,
    check_manifest_keys,
    comm_key,
    confirm,
    deal,
    key_file,
    load_key_file,
    public_key,
    receive,
    verification_key,
)
from .errors import CODES, VerifiableError
from .group import IDENTITY, L, Point
from .hashing import canonical_json, sha256_hex, tracker, tracker_key
from .manifest import allowed_values, build_manifest, context, rule_reasons, weights
from .tally import Result, board, combine, decryption_share, tally, verify_share

__all__ = [
    "CODES",
    "IDENTITY",
    "Choice",
    "KeyShare",
    "L",
    "Parsed",
    "Point",
    "Result",
    "Secrets",
    "VerifiableError",
    "allowed_values",
    "board",
    "build_manifest",
    "canonical_json",
    "ceremony_context",
    "check_audited",
    "check_comm_key",
    "check_confirm",
    "check_deal",
    "check_fresh",
    "check_manifest_keys",
    "choice_from_content",
    "combine",
    "comm_key",
    "confirm",
    "context",
    "deal",
    "decryption_share",
    "encrypt_ballot",
    "key_file",
    "load_key_file",
    "public_key",
    "receive",
    "reveal",
    "rule_reasons",
    "sha256_hex",
    "tally",
    "tracker",
    "tracker_key",
    "verification_key",
    "verify_ballot",
    "verify_many",
    "verify_share",
    "weights",
]
