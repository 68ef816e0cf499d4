"""The public board's pages (no login): /board/<uuid>/ and /board/<uuid>/check/<tracker>/."""

from daihoi.voting import board_views

app_name = "board"
urlpatterns = [*board_views.urlpatterns()]
