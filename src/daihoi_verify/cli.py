"""`python -m daihoi_verify BOARD.json [--workers N] [--lang vi|en] [--json]`.

Exit 0 when every check of §6 passes (prints the result and ĐÚNG), 1 at the first failure (prints SAI
and where), 2 when the file cannot be read, 3 when the board is of a poll still open (checks 1-3 passed,
no result yet).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, NoReturn

from daihoi_verify.checks import Failure, Report, verify_board
from daihoi_verify.messages import LANGS, decimal, failure_text, reason_label, say

EXIT_WRONG = 1
EXIT_UNREADABLE = 2
EXIT_OPEN = 3  # the ballots so far are right, but the poll is open: there is no result to check yet


class Parser(argparse.ArgumentParser):
    """argparse with its own words (usage, headings, errors) in the chosen language."""

    lang = "vi"

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", say("usage", self.lang), 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", say("usage", self.lang), 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, say("bad_arguments", self.lang) + "\n")


def parser(lang: str) -> argparse.ArgumentParser:
    p = Parser(prog="daihoi verify", description=say("help", lang), add_help=False)
    p.lang = lang
    p._positionals.title = say("arguments", lang)
    p._optionals.title = say("options", lang)
    p.add_argument("-h", "--help", action="help", help=say("help_help", lang))
    p.add_argument("board", metavar="BOARD", help=say("help_board", lang))
    p.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, metavar="N", help=say("help_workers", lang)
    )
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help=say("help_lang", lang))
    p.add_argument("--json", action="store_true", help=say("help_json", lang))
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = argparse.ArgumentParser(add_help=False)  # the language of the help and the errors first
    first.add_argument("--lang", default="vi")
    wanted = first.parse_known_args(argv)[0].lang
    args = parser(wanted if wanted in LANGS else "vi").parse_args(argv)
    lang = args.lang
    try:
        with open(args.board, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as error:
        print(
            say("unreadable", lang, path=args.board, error=getattr(error, "strerror", None) or error),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE

    start = time.perf_counter()
    report: Report | None = None
    failure: Failure | None = None
    try:
        report = verify_board(json.loads(text), workers=max(1, args.workers))
    except (ValueError, RecursionError):  # not JSON at all
        failure = Failure("board_format")
    except Failure as error:
        failure = error
    seconds = time.perf_counter() - start

    if args.json:
        print(
            json.dumps(
                json_report(report, failure, seconds, args.workers, lang), ensure_ascii=False, indent=2
            )
        )
    elif failure is not None:
        verdict = say("wrong", lang) + ": " + failure_text(failure.code, failure.where, failure.params, lang)
        print(say("verdict", lang, verdict=verdict))
    else:
        assert report is not None
        print(text_report(report, seconds, args.workers, lang))
    if failure is not None:
        return EXIT_WRONG
    return EXIT_OPEN if report is not None and report.result is None else 0


def text_report(report: Report, seconds: float, workers: int, lang: str) -> str:
    m, r = report.manifest, report.result
    if r is None:
        return "\n".join(
            [
                say("title", lang, congress=m["congress"], election=m["election"], round=m["round"]),
                say("open", lang, n=report.n_ballots, audited=report.n_audited),
                timing_line(report.n_ballots, seconds, workers, lang),
                say("verdict", lang, verdict=say("open_verdict", lang)),
            ]
        )
    lines = [
        say("title", lang, congress=m["congress"], election=m["election"], round=m["round"]),
        say(
            "ballots",
            lang,
            n=r["ballots"],
            valid=r["valid"],
            invalid=sum(r["invalid"].values()),
            audited=report.n_audited,
        ),
        say("votes", lang),
    ]
    for position, (name, votes) in enumerate(zip(report.poll.names, r["votes"], strict=True), start=1):
        lines.append(say("name", lang, position=position, name=name, votes=votes))
    if report.poll.reasons:
        lines.append(say("invalid", lang))
        for reason in report.poll.reasons:
            lines.append(say("reason", lang, reason=reason_label(reason, lang), count=r["invalid"][reason]))
    if r["ballots"]:
        who = ", ".join(str(i) for i in r["trustees"])
        lines.append(say("trustees", lang, who=who, k=report.poll.threshold, n=len(report.poll.keys)))
    else:
        lines.append(say("no_decryption", lang))
    lines.append(timing_line(report.n_ballots, seconds, workers, lang))
    lines.append(say("verdict", lang, verdict=say("right", lang)))
    return "\n".join(lines)


def timing_line(n_ballots: int, seconds: float, workers: int, lang: str) -> str:
    rate = n_ballots / seconds if seconds > 0 else 0.0
    return say("timing", lang, seconds=decimal(seconds, lang), rate=decimal(rate, lang, 0), workers=workers)


def json_report(
    report: Report | None, failure: Failure | None, seconds: float, workers: int, lang: str
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ok": failure is None and report is not None and report.result is not None,
        "failure": None,
        "result": None,
        "timing": {"seconds": round(seconds, 3), "workers": workers},
    }
    if failure is not None:
        out["failure"] = {
            "code": failure.code,
            "where": [[kind, value] for kind, value in failure.where],
            "params": failure.params,
            "message": failure_text(failure.code, failure.where, failure.params, lang),
        }
    if report is not None and report.result is None:
        out["open"] = True
        out["ballots_checked"] = report.n_ballots
    elif report is not None and report.result is not None:
        r = report.result
        out["result"] = {
            "ballots": r["ballots"],
            "valid": r["valid"],
            "invalid": r["invalid"],
            "votes": [
                {"position": p, "name": name, "votes": votes}
                for p, (name, votes) in enumerate(zip(report.poll.names, r["votes"], strict=True), start=1)
            ],
            "trustees": r["trustees"],
            "audited": report.n_audited,
        }
    if report is not None:
        out["timing"]["ballots_per_second"] = round(report.n_ballots / seconds, 1) if seconds > 0 else None
    return out
