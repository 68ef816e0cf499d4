from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "daihoi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from daihoi.accounts.throttle import on_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="daihoi.accounts.locked_out")
