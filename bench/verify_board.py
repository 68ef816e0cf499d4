"""The independent verifier's speed: `daihoi_verify` on a board of 2,000 ballots of 30 names (surplus,
8 places, all-struck rule, 3 of 5 trustees). The board is made once with the server's code and kept in
/tmp (making it takes minutes); then it is verified with 1 and 2 worker processes.

    PYTHONPATH=src python bench/verify_board.py [--ballots 2000] [--names 30]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from daihoi.core import verifiable as vv
from daihoi_verify.checks import verify_board

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "verifiable"))
from verifier_boards import manifest_for, run_ceremony


def _encrypt(job: tuple[dict[str, Any], list[str]]) -> list[dict[str, Any]]:
    manifest, contents = job
    return [vv.encrypt_ballot(manifest, vv.choice_from_content(manifest, c))[0] for c in contents]


def make_board(n_ballots: int, n_names: int, path: Path) -> None:
    ceremony = run_ceremony()
    names = [f"Người thứ {p}" for p in range(1, n_names + 1)]
    manifest = manifest_for(ceremony, names=names, limit=8)
    rng = random.Random(7)
    contents = []
    for _ in range(n_ballots):
        kept = rng.randint(0, 9)
        struck = rng.sample(range(1, n_names + 1), n_names - kept)
        contents.append(",".join(str(p) for p in sorted(struck)))
    jobs = [(manifest, contents[s : s + 100]) for s in range(0, n_ballots, 100)]
    with ProcessPoolExecutor(2) as pool:
        ballots = [b for part in pool.map(_encrypt, jobs) for b in part]
    parsed = vv.verify_many(manifest, ballots, workers=2)
    tally = vv.tally(manifest, parsed)  # type: ignore[arg-type]
    shares = [vv.decryption_share(manifest, tally, ceremony.shares[i]) for i in (1, 3, 5)]
    result = vv.combine(manifest, tally, shares, n_ballots)
    path.write_text(json.dumps(vv.board(manifest, ballots, [], tally, shares, result)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--names", type=int, default=30)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"daihoi-bench-board-{args.ballots}x{args.names}.json"
    if not path.exists():
        start = time.perf_counter()
        make_board(args.ballots, args.names, path)
        print(f"board made in {time.perf_counter() - start:.1f} s ({path})")
    board = json.loads(path.read_text(encoding="utf-8"))
    for workers in (1, 2):
        start = time.perf_counter()
        verify_board(board, workers=workers)
        seconds = time.perf_counter() - start
        print(f"verify {args.ballots} ballots x {args.names} names, {workers} worker(s): {seconds:.1f} s, "
              f"{args.ballots / seconds:.0f} ballots/s")  # fmt: skip


if __name__ == "__main__":
    main()
