import os

from django.core.asgi import get_asgi_application

from daihoi.files import owner_only_umask

owner_only_umask()  # files the server creates are for its user only (daihoi/files.py)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
application = get_asgi_application()
