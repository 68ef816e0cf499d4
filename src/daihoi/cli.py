"""The `daihoi` console command: Django's management commands plus ours (demo, tally, members, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    from daihoi.files import owner_only_umask

    owner_only_umask()  # the database, backups, logs: for this user only (daihoi/files.py)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
