"""daihoi_verify: an independent verifier of a verifiable poll's board (docs/verifiable-voting.md, §5-§6).

It shares no code with the server (`daihoi.core.verifiable`): it imports only the standard library and
PyNaCl (libsodium's Ed25519 group), so an auditor can read it side by side with the protocol document:

- `group.py`    the group of §1 (points, scalars) through libsodium only;
- `hashing.py`  the hash to scalar, canonical JSON and trackers of §1 and §4.3;
- `proofs.py`   the checks of the proofs of §3.2 and §3.3;
- `checks.py`   the six checks of §6, in their order, each failure with its own code;
- `messages.py` the text of each failure and of the report, in Vietnamese and English;
- `cli.py`      `python -m daihoi_verify BOARD.json` (also `daihoi verify BOARD.json`).

Its text is not translated with Django's gettext: the package must run without Django (and without the
server's catalogs, which an auditor would have to trust), so it carries its own small message table keyed
by check code, Vietnamese by default and English with `--lang en`.
"""
