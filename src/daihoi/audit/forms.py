from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.dates import date_field


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
