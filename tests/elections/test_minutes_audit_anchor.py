"""The counting minutes and the list of the elected print the audit log's anchor (length and newest hash);
read back from the rendered PDF and Word files, it verifies the log — and stops verifying once the entries
after the print are deleted (issue 10, "The audit trail")."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from daihoi.audit import triggers
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import audit_anchor, chain_entries, chain_name, log_action
from daihoi.audit.verify import TRUNCATED, parse_anchor, verify_chain
from daihoi.core.numbers import format_number
from daihoi.documents import render_docx, render_pdf
from daihoi.elections import minutes, services

ANCHOR_LINE = re.compile(r"Nhật ký thao tác của ([\w-]+): ([\d.]+) mục, mã cuối ([0-9a-f]{64})")


def _counted(committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    texts = ["9 10"] * 45 + ["10", "8 10", "7 10 !identifying_mark"]
    for clerk in (1, 2):
        for p, t in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True)
    return services.close_round(rnd)


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return unicodedata.normalize("NFC", text)


def _docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _anchor_of(text: str) -> tuple[str, str]:
    """(chain, HEAD:LENGTH) as printed."""
    found = ANCHOR_LINE.findall(" ".join(text.split()))
    assert len(found) == 1, text[-600:]
    chain, length, head = found[0]
    return chain, f"{head}:{length}"


def _verify(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()
    return 0, out.getvalue()


def test_minutes_and_elected_list_print_the_anchor_and_it_verifies(session, committee_election):
    rnd = _counted(committee_election)
    organization = committee_election.congress.organization
    head, length = audit_anchor(organization)  # the organization's own chain
    assert length == chain_entries(organization).count() > 1
    info = minutes.round_info(rnd)
    documents = {
        "minutes": minutes.build_minutes(rnd.result, info),
        "elected": minutes.build_elected_list(rnd.result, info),
    }
    anchors = []
    for name, doc in documents.items():
        for fmt, text in (("pdf", _pdf_text(render_pdf(doc))), ("docx", _docx_text(render_docx(doc)))):
            chain, anchor = _anchor_of(text)
            assert chain == chain_name(organization) == organization.code
            assert parse_anchor(anchor) == (head, length), (name, fmt)
            anchors.append(anchor)
            # The anchor is the document's last line, after the signatures.
            assert " ".join(text.split()).rstrip().endswith(head), (name, fmt)
    anchor = anchors[0]
    code, out = _verify("--org", chain, "--anchor", anchor)
    assert code == 0, out
    assert _verify("--anchor", anchor)[0] == 0  # found without naming the chain too

    # More work after the print: the log still extends what was printed.
    with transaction.atomic():
        log_action("test.after.print", actor="tester", organization=organization)
    assert _verify("--org", chain, "--anchor", anchor)[0] == 0

    # The entries since some point before the print are deleted and the head moved back: only the
    # printed anchor shows it.
    keep = AuditEntry.objects.get(chain=chain, seq=length - 3)
    with transaction.atomic():
        triggers.drop(connection)
        AuditEntry.objects.filter(chain=chain, seq__gt=keep.seq)._raw_delete(connection.alias)
        AuditHead.objects.filter(chain=chain).update(last_seq=keep.seq, last_hash=keep.hash)
        triggers.install(connection)
    assert verify_chain().ok
    assert verify_chain(anchor=parse_anchor(anchor), chain=chain).problem == TRUNCATED
    code, err = _verify("--org", chain, "--anchor", anchor)
    assert code == 1
    assert "(truncated)" in err


def test_the_anchor_line_in_english(session, committee_election):
    rnd = _counted(committee_election)
    organization = committee_election.congress.organization
    head, length = audit_anchor(organization)
    doc = minutes.build_minutes(rnd.result, minutes.round_info(rnd), language="en")
    text = " ".join(_pdf_text(render_pdf(doc)).split())
    assert f"Audit log of {organization.code}: {format_number(length)} entries, last hash {head}" in text


def test_a_tally_file_minutes_has_no_anchor():
    """`daihoi tally` makes minutes from a file, not from this database's count: no anchor to print."""
    info = minutes.MinutesInfo(what="Ban Chấp hành")
    assert minutes.audit_anchor_line(info) == []


@pytest.mark.django_db
def test_audit_anchor_is_the_head():
    with transaction.atomic():
        entry = log_action("test.thing.done")
    assert audit_anchor() == (entry.hash, entry.seq)
