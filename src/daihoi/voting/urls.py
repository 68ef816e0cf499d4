"""The phone's pages (short paths for the QR code the phone's camera opens): /v/..."""

from daihoi.voting import phone_views

app_name = "voting"
urlpatterns = [*phone_views.urlpatterns()]
