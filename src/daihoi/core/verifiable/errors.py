"""Errors of the verifiable ballot: a stable machine `code` and `params`; the Django layer translates."""

from __future__ import annotations

from typing import Any

# Every code a VerifiableError may carry. `params["field"]` names the offending field when there is one
# (e.g. "answers[3].proof", "shares[1].D[4]").
CODES: tuple[str, ...] = (
    "bad_point",  # not a valid point: non-canonical, off the curve, small order, outside the subgroup
    "bad_scalar",  # not a canonical scalar (64 hex digits, < L)
    "bad_integer",  # not a JSON integer where one is required
    "wrong_poll",  # a ballot made for another poll (its "poll" is not this manifest's hash)
    "wrong_shape",  # missing or extra keys, wrong lengths or types
    "bad_proof",  # a proof does not verify (params: field)
    "duplicate_ciphertext",  # an A already seen (in this ballot or in an accepted one)
    "not_a_ballot_choice",  # a choice the manifest does not allow (encoder side)
    "bad_content",  # the phone/paper canonical content cannot be read
    "bad_manifest",  # a manifest inconsistent with itself
    "bad_reveal",  # an audited ballot's reveal does not open its ciphertexts to an allowed ballot
    "bad_share",  # a decryption share of an unknown trustee, of the wrong length, repeated
    "not_enough_shares",  # fewer valid shares than the threshold
    "no_discrete_log",  # a combined figure outside 0..N: the shares or the tally are wrong
    "bad_key_file",  # a key file of another format, ceremony, or whose share does not match
    "bad_deal",  # a dealer's message of the wrong shape (key ceremony)
    "bad_commitment",  # a share that does not match its dealer's commitments; a wrong verification key
)


class VerifiableError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        assert code in CODES, code
        self.code = code
        self.params: dict[str, Any] = params
        super().__init__(f"{code}: {params}")

    @property
    def field(self) -> str:
        return str(self.params.get("field", ""))

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable for verify_many's worker processes (the default would pass only the message).
        return (_rebuild, (self.code, self.params))


def _rebuild(code: str, params: dict[str, Any]) -> VerifiableError:
    return VerifiableError(code, **params)
