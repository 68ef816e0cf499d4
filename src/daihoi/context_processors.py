from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the base template's header needs on every page."""
    return {"current_path": request.path}
