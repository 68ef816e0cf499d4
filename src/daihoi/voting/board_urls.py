"""The public board of verifiable polls: /board/... (no login: anyone may verify)."""

from django.urls import path

from daihoi.voting import board

app_name = "board"
urlpatterns = [
    path("<str:uuid>.json", board.board_download, name="board_json"),
]
