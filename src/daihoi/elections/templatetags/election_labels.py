"""Election codes in words on the pages: `{% load election_labels %}` (see daihoi.elections.labels)."""

from __future__ import annotations

from typing import Any

from django import template

from daihoi.elections import labels

register = template.Library()

register.filter("action_label", labels.action_label)
register.filter("flag_label", labels.flag_label)
register.filter("result_status_label", labels.result_status_label)
register.filter("proposal_label", labels.proposal_label)
register.filter("log_entry", labels.describe_log_entry)
register.filter("list_check", labels.list_check_label)
register.filter("user_label", labels.user_label)
register.filter("base_sentence", labels.base_sentence)
register.filter("base_short", labels.base_short)
register.filter("percent_of_base_header", labels.percent_of_base_header)


@register.simple_tag
def ballot_text(rnd: Any, content: str, flag: str = "") -> str:
    """One clerk's entry of a ballot in words (struck names or marks, and the committee's flag)."""
    return labels.describe_ballot(content, flag, labels.RoundWords.of(rnd).form)
