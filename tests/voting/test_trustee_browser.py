"""Two key holders on the browser page (/k/, trustee.js) and one on `daihoi trustee`: one election key,
the same fingerprint on every device, the key file downloaded and kept; then a browser and the laptop
decrypt a closed poll's tally (the laptop's key file chosen on a fresh browser)."""

from __future__ import annotations

import io
import json
import pathlib
import threading

import pytest
from django.core.management import call_command
from verifiable_setup import VOTERS_30, encrypted

from daihoi.core.verifiable import ceremony as vc
from daihoi.voting.models import CeremonyStatus
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.services import polls, verifiable

# Voters with phones (the `phones` fixture: delegates 1..33 but the probationary 11, 22, 33).

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_browsers_and_a_laptop_create_the_key_and_decrypt(
    open_phone, live_server, v_election, phones, tmp_path
):
    congress = v_election.congress
    ceremony, tokens = ceremonies.start_ceremony(congress, names=["Máy tính", "An", "Bình"], threshold=2)
    key_path = tmp_path / "khoa-1.json"
    link = f"{live_server.url}/k/{tokens[1]}/"
    out, failure = io.StringIO(), []

    def laptop() -> None:
        try:
            call_command(
                "trustee", "join", link, "--key-file", str(key_path), "--interval", "0.2", stdout=out
            )
        except BaseException as exc:  # reported below
            failure.append(exc)

    thread = threading.Thread(target=laptop)
    thread.start()
    pages = {}
    for index in (2, 3):
        page = open_phone()
        page.goto(f"{live_server.url}/k/{tokens[index]}/")
        assert f"người giữ khoá số {index}" in page.inner_text("#trustee-join-who")
        page.click("#trustee-join")
        page.wait_for_url(f"{live_server.url}/k/")
        pages[index] = page
    for page in pages.values():
        page.locator("#trustee-complete").wait_for(state="visible", timeout=60_000)
    thread.join(timeout=60)
    assert failure == []
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.COMPLETE
    fingerprint = ceremonies.fingerprint(ceremony.public_key)
    assert fingerprint in out.getvalue()
    for index, page in pages.items():
        assert page.inner_text("#trustee-fingerprint") == fingerprint
        assert "Giữ tệp khoá như giữ chìa khoá hòm phiếu" in page.inner_text("main")
        kept = page.evaluate("() => Object.keys(localStorage)")
        assert kept == [f"daihoi-key:{ceremony.uuid}:{index}"]  # the ceremony's secrets are gone
    with pages[2].expect_download() as download:
        pages[2].click("#trustee-download")
    data = json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))
    mine = ceremony.trustee_set.get(index=2)
    share = vc.load_key_file(
        data,
        public_key=bytes.fromhex(ceremony.public_key),
        verification_key=bytes.fromhex(mine.verification_key),
        ceremony=str(ceremony.uuid),
    )
    assert share.index == 2

    # A closed verifiable poll: the browser of key holder 2 and the laptop decrypt it.
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    manifest = verifiable.manifest_of(poll)
    for n, content in zip(VOTERS_30, ["9,10", "1,2"], strict=False):
        verifiable.cast_encrypted(poll.pk, phones[n], encrypted(manifest, content))
    polls.close_poll(poll)
    page = pages[2]
    button = page.locator(f'li[data-poll="{poll.uuid}"] .trustee-decrypt')
    button.click(timeout=20_000)
    page.locator(f'li[data-poll="{poll.uuid}"]').get_by_text("đã được gửi và kiểm tra").wait_for(
        timeout=20_000
    )
    # The laptop's key holder on a fresh browser (nothing kept there): the page asks for the key file.
    fresh = open_phone()
    fresh.goto(link)
    fresh.click("#trustee-join")
    fresh.wait_for_url(f"{live_server.url}/k/")
    fresh.locator("#trustee-key-missing").wait_for(state="visible", timeout=20_000)
    assert "Trình duyệt này không giữ tệp khoá" in fresh.inner_text("#trustee-key-missing")
    fresh.set_input_files("#trustee-key-file", str(key_path))
    fresh.locator(f'li[data-poll="{poll.uuid}"] .trustee-decrypt').click(timeout=20_000)
    fresh.locator(f'li[data-poll="{poll.uuid}"]').get_by_text("đã được gửi và kiểm tra").wait_for(
        timeout=20_000
    )
    poll.refresh_from_db()
    assert poll.result["ballots"] == 2
    assert poll.result["votes"] == [1, 1, 2, 2, 2, 2, 2, 2, 1, 1]
    assert sorted(poll.decryption_shares.values_list("trustee__index", flat=True)) == [1, 2]
