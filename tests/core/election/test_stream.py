"""Big counts: ballots streamed from a file (u8 or packed bits) count exactly like in-memory ballots."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from daihoi.core.election import BallotFile, ElectionInputError, Ruling, tally, tally_arrays

from .election_helpers import election, members


def _random_cells(rows: int, cols: int, seats: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    cells = (rng.random((rows, cols)) < seats / cols).astype(np.uint8)
    cells[:5] = 0  # all struck
    cells[5:10] = 1  # too many
    return cells


def _as_ballots(cells: np.ndarray):
    from daihoi.core.election import Ballot

    return [Ballot(kept=[f"c{j}" for j in np.flatnonzero(row)]) for row in cells]


@pytest.mark.parametrize("encoding", ["u8", "bits"])
def test_file_counts_like_the_same_ballots_in_memory(tmp_path, encoding):
    cells = _random_cells(3000, 13, seats=6)
    path = tmp_path / "ballots.bin"
    (np.packbits(cells, axis=1) if encoding == "bits" else cells).tofile(path)
    base = election(n=13, seats=6, ballots=[], congress=members(3100), ballots_issued=3000)
    from_file = tally(dataclasses.replace(base, ballots_file=BallotFile(path, encoding)), chunk_rows=512)
    in_memory = tally(dataclasses.replace(base, ballots=_as_ballots(cells)))
    assert from_file.to_dict() == in_memory.to_dict()
    assert from_file.returned == 3000
    assert from_file.invalid_reasons == in_memory.invalid_reasons
    assert sum(from_file.invalid_reasons.values()) >= 10


def test_array_api_in_chunks_equals_one_chunk():
    cells = _random_cells(1000, 10, seats=4)
    e = election(n=10, seats=4, ballots=[], congress=members(1000), ballots_issued=1000)
    whole = tally_arrays(e, [cells])
    parts = tally_arrays(e, [cells[:333], cells[333:700], cells[700:]])
    assert whole.to_dict() == parts.to_dict()


def test_rulings_apply_to_file_ballots_by_index(tmp_path):
    cells = np.zeros((4, 3), dtype=np.uint8)
    cells[:, 0] = 1
    path = tmp_path / "b.bin"
    cells.tofile(path)
    rulings = {2: Ruling(invalid="not_issued")}
    e = election(n=3, seats=2, ballots=[], congress=members(4), ballots_issued=4)
    result = tally(dataclasses.replace(e, ballots_file=BallotFile(path, "u8", count=4, rulings=rulings)))
    assert (result.valid, result.invalid) == (3, 1)
    assert result.candidates[0].votes == 3


def test_file_size_not_a_whole_number_of_ballots(tmp_path):
    path = tmp_path / "b.bin"
    path.write_bytes(b"\x01" * 7)
    e = election(n=3, seats=2, ballots=[], ballots_issued=2)
    with pytest.raises(ElectionInputError) as err:
        tally(dataclasses.replace(e, ballots_file=BallotFile(path, "u8")))
    assert err.value.code == "ballots_file_size"


def test_file_count_mismatch_and_bad_cell(tmp_path):
    path = tmp_path / "b.bin"
    np.array([[1, 0, 0], [1, 5, 0]], dtype=np.uint8).tofile(path)
    e = election(n=3, seats=2, ballots=[], ballots_issued=2)
    with pytest.raises(ElectionInputError) as err:
        tally(dataclasses.replace(e, ballots_file=BallotFile(path, "u8", count=3)))
    assert err.value.code == "ballots_file_count"
    with pytest.raises(ElectionInputError) as err:
        tally(dataclasses.replace(e, ballots_file=BallotFile(path, "u8")))
    assert (err.value.code, err.value.field) == ("bad_cell", "ballots[1]")


def test_ruling_index_outside_the_file(tmp_path):
    path = tmp_path / "b.bin"
    np.ones((2, 3), dtype=np.uint8).tofile(path)
    e = election(n=3, seats=2, ballots=[], ballots_issued=2)
    source = BallotFile(path, "u8", rulings={5: Ruling(invalid="not_issued")})
    with pytest.raises(ElectionInputError) as err:
        tally(dataclasses.replace(e, ballots_file=source))
    assert err.value.code == "ruling_out_of_range"
