"""`daihoi trustee join URL --key-file PATH` and `daihoi trustee decrypt URL --key-file PATH`.

A laptop with daihoi installed acts as a key holder's device for a congress on another machine
(docs/verifiable-voting.md §2, §4.5): it talks HTTP to the server named by the one-time link (urllib, the
header X-Daihoi-Trustee), computes every step here with daihoi.core.verifiable — the communication secret,
the coefficients and the key share never leave this process — and writes the key file readable by its
owner only. `decrypt` posts this key holder's share for every closed poll awaiting it.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.core.verifiable import ceremony as vc
from daihoi.core.verifiable.errors import VerifiableError
from daihoi.core.verifiable.group import point_from_hex
from daihoi.core.verifiable.tally import decryption_share
from daihoi.voting.services.ceremony import fingerprint
from daihoi.voting.trustee_auth import HEADER

API_PATH = "/api/voting/trustee"
EXIT_REFUSED = 2


class Server:
    """The trustee API of the server the link points to."""

    def __init__(self, link: str) -> None:
        parts = urlsplit(link.strip())
        segments = [s for s in parts.path.split("/") if s]
        if parts.scheme not in ("http", "https") or len(segments) < 2 or segments[-2] != "k":
            raise CommandError(_("This is not a key holder's link: %(link)s") % {"link": link[:200]})
        self.token = segments[-1]
        prefix = "/".join(segments[:-2])
        self.base = f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "") + API_PATH

    def call(self, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked: http(s) only
            self.base + path,
            data=data,
            method="GET" if body is None else "POST",
            headers={HEADER: self.token, "Accept": "application/json", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http(s) only
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            try:
                message = json.loads(error.read()).get("message", "")
            except (ValueError, AttributeError):
                message = ""
            raise CommandError(
                _("The server refused (%(status)s): %(message)s")
                % {"status": error.code, "message": message},
                returncode=EXIT_REFUSED,
            ) from None
        except (urllib.error.URLError, OSError) as error:
            raise CommandError(_("No connection to the server: %(error)s") % {"error": error}) from None


class Command(BaseCommand):
    help = "Take part in the key ceremony as a key holder, or decrypt the counts awaiting your share."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("join", "decrypt"))
        parser.add_argument("url", metavar="URL", help="the key holder's one-time link")
        parser.add_argument("--key-file", required=True, metavar="PATH", help="the key file")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between two looks")
        parser.add_argument("--timeout", type=float, default=3600.0, help="give up after (seconds)")
        parser.add_argument("--language", default=None, help="language of the output (vi, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            server = Server(options["url"])
            path = Path(options["key_file"])
            if options["action"] == "join":
                self.join(server, path, options["interval"], options["timeout"])
            else:
                self.decrypt(server, path)

    def say(self, text: str) -> None:
        self.stdout.write(text)

    # ------------------------------------------------------------------ the ceremony

    def join(self, server: Server, path: Path, interval: float, timeout: float) -> None:
        if path.exists():
            raise CommandError(
                _("%(path)s already exists: a key file is never overwritten.") % {"path": path}
            )
        secret: int | None = None
        shown = ""
        deadline = time.monotonic() + timeout
        while True:
            state = server.call("/state")
            if state["stage"] != shown:
                shown = state["stage"]
                self.say(
                    _("Key holder no. %(i)s, %(name)s — %(stage)s")
                    % {"i": state["index"], "name": state["name"], "stage": state["stage_label"]}
                )
            stage, ctx, i = state["stage"], state["context"], state["index"]
            if stage == "cancelled":
                raise CommandError(
                    _("The key ceremony was cancelled: %(reason)s") % {"reason": state["cancel_reason"]},
                    returncode=EXIT_REFUSED,
                )
            if stage == "complete":
                self.finish(state, path)
                return
            if stage == "keys" and not state["joined"]:
                secret, message = vc.comm_key(ctx, i)
                server.call("/comm-key", message)
                self.say(_("Communication key sent."))
                continue
            needs_secret = (stage == "dealing" and not state["dealt"]) or (
                stage == "confirming" and not state["confirmed"]
            )
            if needs_secret and secret is None:
                raise CommandError(
                    _(
                        "This key holder joined from another device or an earlier run: its secret is not "
                        "here. Ask the organizer to cancel the ceremony and run it again."
                    ),
                    returncode=EXIT_REFUSED,
                )
            if stage == "dealing" and not state["dealt"] and secret is not None:
                comm_keys = {
                    int(j): point_from_hex(e, f"comm_keys[{j}]") for j, e in state["comm_keys"].items()
                }
                _coefficients, message = vc.deal(ctx, i, state["threshold"], comm_keys)
                server.call("/deal", message)
                self.say(_("Shares dealt to the %(n)s key holders.") % {"n": state["trustees"]})
                continue
            if stage == "confirming" and not state["confirmed"] and secret is not None:
                self.confirm(server, state, secret, path)
                continue
            if time.monotonic() > deadline:
                raise CommandError(
                    _("The other key holders did not finish in time."), returncode=EXIT_REFUSED
                )
            time.sleep(interval)

    def confirm(self, server: Server, state: dict[str, Any], secret: int, path: Path) -> None:
        ctx, i = state["context"], state["index"]
        deals = {int(j): d for j, d in state["deals"].items()}
        share, complaints = vc.receive(ctx, i, secret, deals)
        if complaints:
            server.call("/complaint", {"dealer": complaints[0]})
            raise CommandError(
                _("The share dealt by key holder no. %(j)s does not check out: the ceremony is cancelled.")
                % {"j": complaints[0]},
                returncode=EXIT_REFUSED,
            )
        commitments = {j: [bytes.fromhex(c) for c in d["commitments"]] for j, d in deals.items()}
        data = vc.key_file(
            ceremony=state["ceremony"],
            congress=state["congress"],
            index=i,
            threshold=state["threshold"],
            trustees=state["trustees"],
            public_key=vc.public_key(commitments),
            verification_key=vc.verification_key(commitments, i),
            share=share,
        )
        write_key_file(path, data)  # before the confirmation: it says this device holds the share
        server.call("/confirmation", vc.confirm(ctx, i, share))
        self.say(_("Shares checked; the key file is written: %(path)s") % {"path": path})

    def finish(self, state: dict[str, Any], path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            vc.load_key_file(
                data,
                public_key=bytes.fromhex(state["public_key"]),
                verification_key=bytes.fromhex(state["verification_key"]),
                ceremony=state["ceremony"],
            )
        except (OSError, ValueError, VerifiableError):
            raise CommandError(
                _("The election key this device computed is not the server's: tell the organizer at once."),
                returncode=EXIT_REFUSED,
            ) from None
        self.say(
            _("The election key is created. Its fingerprint, to compare with the organizer's screen: %(f)s")
            % {"f": fingerprint(state["public_key"])}
        )
        self.say(
            _(
                "Keep the key file as you keep the key of the ballot box: do not copy it to anyone, do not "
                "send it by message or e-mail."
            )
        )

    # ------------------------------------------------------------------ decryption

    def decrypt(self, server: Server, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(_("The key file cannot be read: %(error)s") % {"error": error}) from None
        tasks = server.call("/polls")
        if not tasks:
            self.say(_("No poll is awaiting your decryption share."))
            return
        for task in tasks:
            poll = server.call(f"/polls/{task['uuid']}")
            manifest = poll["manifest"]
            try:
                key = vc.load_key_file(data, manifest)
            except VerifiableError:
                raise CommandError(
                    _("This key file is not the key of this congress's key holder."), returncode=EXIT_REFUSED
                ) from None
            tally = [_pair(entry) for entry in poll["tally"]]
            share = decryption_share(manifest, tally, key)
            server.call(f"/polls/{task['uuid']}/share", share)
            self.say(
                _("%(title)s, round %(n)s: your decryption share is sent and checked.")
                % {"title": task["title"], "n": task["round"]}
            )


def _pair(entry: Any) -> tuple[bytes, bytes]:
    a, b = (entry["A"], entry["B"]) if isinstance(entry, dict) else entry
    return bytes.fromhex(a), bytes.fromhex(b)


def write_key_file(path: Path, data: dict[str, Any]) -> None:
    """Owner-only from its creation (never a moment readable by others); never overwrites."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
