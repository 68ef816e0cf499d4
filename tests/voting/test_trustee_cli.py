"""`daihoi trustee` against a live server: one key holder's laptop joins by its one-time link (the
others by the services), writes its key file for its owner only, and later decrypts the closed poll's
tally with a second key holder; refusals in Vietnamese."""

from __future__ import annotations

import io
import json
import stat
import threading
import time

import pytest
from ceremony_trustees import trustees
from django.core.management import CommandError, call_command
from verifiable_setup import VOTERS_30, encrypted

from daihoi.core import verifiable as core
from daihoi.core.verifiable import ceremony as vc
from daihoi.voting.models import CeremonyStatus, DecryptionShare, KeyCeremony
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.services import polls, verifiable

# Voters with phones (the `phones` fixture: delegates 1..33 but the probationary 11, 22, 33).

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout: float = 60) -> None:
    """Until the other side (the CLI in its thread) has done its part; fails after `timeout`."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the other side did not act in time"
        time.sleep(0.05)


def status(ceremony: KeyCeremony) -> str:
    return KeyCeremony.objects.values_list("status", flat=True).get(pk=ceremony.pk)


def test_a_laptop_joins_by_the_cli_and_decrypts_the_count(live_server, v_election, phones, tmp_path):
    congress = v_election.congress
    ceremony, tokens = ceremonies.start_ceremony(congress, names=["Máy tính", "Bình", "Cường"], threshold=2)
    link = f"{live_server.url}/k/{tokens[1]}/"
    key_path = tmp_path / "khoa-1.json"
    out, failure = io.StringIO(), []

    def laptop() -> None:
        try:
            call_command("trustee", "join", link, "--key-file", str(key_path), "--interval", "0.1",
                         "--timeout", "60", stdout=out)  # fmt: skip
        except BaseException as exc:  # reported below
            failure.append(exc)

    thread = threading.Thread(target=laptop)
    thread.start()
    others = trustees(ceremony, only={2, 3})
    for p in others:
        p.join()
    wait_for(lambda: status(ceremony) == CeremonyStatus.DEALING)
    for p in others:
        p.deal()
    wait_for(lambda: status(ceremony) == CeremonyStatus.CONFIRMING)
    for p in others:
        p.confirm()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert failure == []
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.COMPLETE
    # The key file: the owner's only, this key holder's share of the server's key.
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    data = json.loads(key_path.read_text(encoding="utf-8"))
    mine = ceremony.trustee_set.get(index=1)
    share = vc.load_key_file(
        data,
        public_key=bytes.fromhex(ceremony.public_key),
        verification_key=bytes.fromhex(mine.verification_key),
        ceremony=str(ceremony.uuid),
    )
    assert (share.index, share.threshold, share.trustees) == (1, 2, 3)
    printed = out.getvalue()
    assert "Đã gửi khoá liên lạc." in printed
    assert "Khoá bầu cử đã được tạo" in printed
    assert ceremonies.fingerprint(ceremony.public_key) in printed
    assert "Giữ tệp khoá như giữ chìa khoá hòm phiếu" in printed

    # A second run never overwrites the key file; a link that is not one is refused in words.
    with pytest.raises(CommandError, match="không bao giờ ghi đè"):
        call_command("trustee", "join", link, "--key-file", str(key_path))
    with pytest.raises(CommandError, match="không phải đường dẫn của người giữ khoá"):
        call_command("trustee", "decrypt", f"{live_server.url}/v/", "--key-file", str(key_path))
    with pytest.raises(CommandError, match="Máy chủ từ chối \\(403\\)"):
        call_command("trustee", "decrypt", f"{live_server.url}/k/wrong-token/", "--key-file", str(key_path))
    quiet = io.StringIO()
    call_command("trustee", "decrypt", link, "--key-file", str(key_path), stdout=quiet)
    assert "Không có cuộc bỏ phiếu nào chờ phần giải mã" in quiet.getvalue()

    # A verifiable poll: 3 encrypted ballots, closed; the laptop and key holder 3 decrypt it.
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    manifest = verifiable.manifest_of(poll)
    for n, content in zip(VOTERS_30, ["9,10", "9,10", "1,2"], strict=False):
        verifiable.cast_encrypted(poll.pk, phones[n], encrypted(manifest, content))
    polls.close_poll(poll)
    poll.refresh_from_db()
    decrypted = io.StringIO()
    call_command("trustee", "decrypt", link, "--key-file", str(key_path), stdout=decrypted)
    assert "phần giải mã của đồng chí đã được gửi và kiểm tra" in decrypted.getvalue()
    assert list(DecryptionShare.objects.filter(poll=poll).values_list("trustee__index", flat=True)) == [1]
    third = others[1]
    tally = [
        (bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in verifiable.tally_for_decryption(poll)["tally"]
    ]
    key3 = vc.load_key_file(
        vc.key_file(
            ceremony=str(ceremony.uuid),
            congress=str(congress),
            index=3,
            threshold=2,
            trustees=3,
            public_key=bytes.fromhex(ceremony.public_key),
            verification_key=core.group.base_mul(third.share),
            share=third.share,
        ),
        manifest,
    )
    verifiable.submit_decryption_share(poll, third.trustee, core.decryption_share(manifest, tally, key3))
    poll.refresh_from_db()
    assert poll.result["ballots"] == 3
    assert poll.result["votes"][:2] == [2, 2]  # names 1 and 2 kept by the two "9,10" ballots
    assert poll.result["votes"][8:] == [1, 1]
