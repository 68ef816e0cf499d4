"""Every text the verifier prints, in Vietnamese (the default) and English, keyed by check code.

Not Django's gettext: this package runs without Django and without the server's catalogs (see the
package docstring), so it keeps its own table. Each failure prints as "place, place: message".
"""

from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")

FAILURES: dict[str, tuple[str, str]] = {
    "board_format": (
        "tệp không phải là bảng công bố của một cuộc bỏ phiếu kiểm chứng được",
        "the file is not the board of a verifiable poll",
    ),
    "manifest_format": (
        "bản mô tả cuộc bỏ phiếu không đúng định dạng hoặc không dùng nhóm Ed25519",
        "the manifest is not in the poll format or not of the Ed25519 group",
    ),
    "manifest_shape": (
        "bản mô tả cuộc bỏ phiếu thiếu hoặc sai mục",
        "the manifest has a missing or malformed entry",
    ),
    "public_key": (
        "khoá công khai không bằng tổng các cam kết của ban kiểm phiếu",
        "the public key is not the sum of the trustees' commitments",
    ),
    "verification_key": (
        "khoá kiểm tra không khớp với các cam kết",
        "the verification key does not follow from the commitments",
    ),
    "allowed": (
        "các giá trị được phép không đúng với thể thức, số người được bầu và các lý do không hợp lệ",
        "the allowed values do not follow from the form, the places and the invalidity reasons",
    ),
    "wrong_poll": ("phiếu không thuộc cuộc bỏ phiếu này", "the ballot is not for this poll"),
    "ballot_shape": ("phiếu thiếu hoặc sai mục", "the ballot has a missing or malformed entry"),
    "bad_point": ("điểm không hợp lệ", "invalid point"),
    "bad_scalar": ("số không hợp lệ (không ở dạng chuẩn)", "invalid (non-canonical) scalar"),
    "answer_proof": ("chứng minh 0/1 sai", "the 0/1 proof fails"),
    "flag_proof": ("chứng minh 0/1 sai", "the 0/1 proof fails"),
    "range_proof": (
        "chứng minh phạm vi sai (số tên giữ lại hoặc lý do không hợp lệ không được phép)",
        "the range proof fails (the number of names kept or the invalidity is not allowed)",
    ),
    "duplicate_tracker": ("mã phiếu xuất hiện hai lần trên bảng", "the tracker appears twice on the board"),
    "duplicate_ciphertext": (
        "bản mã đã có trong phiếu {other}",
        "the ciphertext is already in ballot {other}",
    ),
    "ballot_order": ("các phiếu không được xếp theo mã phiếu", "the ballots are not sorted by tracker"),
    "audited_shape": (
        "phiếu kiểm tra mã hoá thiếu hoặc sai mục",
        "the audited ballot has a missing or malformed entry",
    ),
    "reveal_mismatch": (
        "bản mã không khớp với giá trị và số ngẫu nhiên đã công bố",
        "the ciphertext does not match the revealed value and randomness",
    ),
    "reveal_not_allowed": (
        "các giá trị đã công bố không tạo thành một phiếu được phép",
        "the revealed values do not form an allowed ballot",
    ),
    "audited_cast": (
        "phiếu kiểm tra mã hoá đã bị bỏ vào hòm (bản mã có trong phiếu {other})",
        "the audited ballot was cast (the ciphertext is in ballot {other})",
    ),
    "tally_shape": ("tổng mã hoá thiếu hoặc sai mục", "the tally has a missing or malformed entry"),
    "tally_mismatch": ("tổng mã hoá không bằng tổng các phiếu", "the tally is not the sum of the ballots"),
    "share_shape": (
        "phần giải mã thiếu hoặc sai mục",
        "the decryption share has a missing or malformed entry",
    ),
    "share_unknown_trustee": (
        "phần giải mã của người không có trong ban kiểm phiếu",
        "a decryption share from someone who is not a trustee",
    ),
    "share_duplicate_trustee": (
        "hai phần giải mã của cùng một thành viên",
        "two decryption shares from the same trustee",
    ),
    "share_proof": ("chứng minh giải mã sai", "the decryption proof fails"),
    "not_enough_shares": (
        "chỉ có {have} phần giải mã, cần ít nhất {need}",
        "only {have} decryption shares, at least {need} needed",
    ),
    "result_shape": ("kết quả thiếu hoặc sai mục", "the result has a missing or malformed entry"),
    "result_trustees": (
        "danh sách thành viên giải mã trong kết quả không khớp với các phần giải mã",
        "the result's trustees do not match the decryption shares",
    ),
    "result_ballots": (
        "kết quả ghi {figure} phiếu nhưng bảng có {count} phiếu",
        "the result says {figure} ballots but the board has {count}",
    ),
    "result_votes": (
        "số phiếu bầu {figure} không khớp với giải mã",
        "the vote count {figure} does not match the decryption",
    ),
    "result_invalid": (
        "số phiếu không hợp lệ {figure} không khớp với giải mã",
        "the invalid count {figure} does not match the decryption",
    ),
    "result_valid": (
        "số phiếu hợp lệ {figure} không bằng số phiếu trừ số phiếu không hợp lệ",
        "the valid count {figure} is not the ballots minus the invalid ones",
    ),
}

PLACES: dict[str, tuple[str, str]] = {
    "ballot": ("phiếu {v}", "ballot {v}"),
    "audited": ("phiếu kiểm tra mã hoá {v}", "audited ballot {v}"),
    "answer": ("tên thứ {v}", "name {v}"),
    "flag": ("bản mã lý do «{v}»", "flag “{v}”"),
    "range": ("chứng minh phạm vi", "range proof"),
    "reason": ("lý do «{v}»", "reason “{v}”"),
    "trustee": ("thành viên ban kiểm phiếu số {v}", "trustee {v}"),
    "share": ("phần giải mã thứ {v}", "share {v}"),
    "manifest": ("bản mô tả cuộc bỏ phiếu", "manifest"),
    "commitment": ("cam kết C({v[0]},{v[1]})", "commitment C({v[0]},{v[1]})"),
    "field": ("mục {v}", "entry {v}"),
}

# Field names of the JSON, put into words (the one-letter ones are the document's notation).
FIELDS: dict[str, tuple[str, str]] = {
    "keys": ("các mục", "the entries"),
    "public_key": ("khoá công khai", "public key"),
    "poll": ("mã cuộc bỏ phiếu", "poll id"),
    "congress": ("tên đại hội", "congress"),
    "election": ("tên cuộc bầu cử", "election"),
    "round": ("vòng bầu", "round"),
    "threshold": ("ngưỡng giải mã", "threshold"),
    "trustees": ("ban kiểm phiếu", "trustees"),
    "commitments": ("các cam kết", "commitments"),
    "candidates": ("danh sách tên", "candidates"),
    "form": ("thể thức", "form"),
    "limit": ("số người được bầu", "places"),
    "reasons": ("các lý do không hợp lệ", "invalidity reasons"),
    "allowed": ("các giá trị được phép", "allowed values"),
    "answers": ("bản mã các tên", "answers"),
    "flags": ("bản mã các lý do", "flags"),
    "reveal": ("giá trị công bố", "reveal"),
}

REASONS: dict[str, tuple[str, str]] = {
    "too_many": ("bầu nhiều hơn số lượng cần bầu", "votes for more people than the number to elect"),
    "all_struck": ("gạch hết tên trong danh sách", "every name struck"),
    "single_both_or_neither": (
        "danh sách một người, đánh dấu cả hai ô hoặc không ô nào",
        "one-person list with both or neither box marked",
    ),
}

TEXT: dict[str, tuple[str, str]] = {
    "right": ("ĐÚNG", "RIGHT"),
    "wrong": ("SAI", "WRONG"),
    "verdict": ("Kết luận: {verdict}", "Verdict: {verdict}"),
    "title": ("{congress} — {election}, vòng {round}", "{congress} — {election}, round {round}"),
    "ballots": (
        "Số phiếu: {n} (hợp lệ {valid}, không hợp lệ {invalid}); phiếu kiểm tra mã hoá: {audited}",
        "Ballots: {n} (valid {valid}, invalid {invalid}); audited ballots: {audited}",
    ),
    "votes": ("Số phiếu bầu cho từng người:", "Votes for each name:"),
    "name": ("  {position}. {name}: {votes}", "  {position}. {name}: {votes}"),
    "invalid": ("Phiếu không hợp lệ theo lý do:", "Invalid ballots by reason:"),
    "reason": ("  - {reason}: {count}", "  - {reason}: {count}"),
    "trustees": (
        "Giải mã bởi thành viên ban kiểm phiếu số {who} (cần {k} trong {n} người)",
        "Decrypted by trustees {who} ({k} of {n} needed)",
    ),
    "no_decryption": ("Không có phiếu nào nên không cần giải mã", "No ballots, so nothing to decrypt"),
    "timing": (
        "Thời gian kiểm tra: {seconds} giây ({rate} phiếu/giây, {workers} tiến trình)",
        "Checked in {seconds} s ({rate} ballots/s, {workers} processes)",
    ),
    "open": (
        "Cuộc bỏ phiếu chưa kết thúc: {n} phiếu và {audited} phiếu kiểm tra mã hoá đều đúng, chưa có kết quả",
        "The poll is still open: {n} ballots and {audited} audited ballots are right, no result yet",
    ),
    "open_verdict": ("CHƯA KẾT THÚC", "NOT CLOSED"),
    "unreadable": ("Không đọc được tệp {path}: {error}", "Cannot read {path}: {error}"),
    "help": (
        "Kiểm tra bảng công bố của một cuộc bỏ phiếu kiểm chứng được.",
        "Check a verifiable poll's board.",
    ),
    "usage": ("cách dùng:", "usage:"),
    "arguments": ("đối số", "arguments"),
    "options": ("tuỳ chọn", "options"),
    "help_help": ("in hướng dẫn này", "show this help"),
    "bad_arguments": ("Đối số không đúng (xem --help).", "Wrong arguments (see --help)."),
    "help_board": ("tệp bảng công bố (JSON)", "the board file (JSON)"),
    "help_workers": ("số tiến trình kiểm tra phiếu song song", "processes checking ballots in parallel"),
    "help_lang": ("ngôn ngữ in ra (vi, en)", "language of the output (vi, en)"),
    "help_json": ("in báo cáo dạng JSON", "print a JSON report"),
}


def say(key: str, lang: str, **params: Any) -> str:
    return TEXT[key][LANGS.index(lang)].format(**params)


def reason_label(reason: str, lang: str) -> str:
    return REASONS[reason][LANGS.index(lang)] if reason in REASONS else reason


def place_text(kind: str, value: Any, lang: str) -> str:
    index = LANGS.index(lang)
    if kind in ("flag", "reason"):
        value = reason_label(value, lang)
    elif kind == "field" and value in FIELDS:
        value = FIELDS[value][index]
    return PLACES[kind][index].format(v=value)


def failure_text(code: str, where: tuple[tuple[str, Any], ...], params: dict[str, Any], lang: str) -> str:
    message = FAILURES[code][LANGS.index(lang)].format(**params)
    places = ", ".join(place_text(kind, value, lang) for kind, value in where)
    return f"{places}: {message}" if places else message


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """1.5 in English, 1,5 in Vietnamese."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "vi" else text
