from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "daihoi.voting"
    label = "voting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Closing an open vote adds the choices made on phones to the cards counted.
        from daihoi.congresses.hooks import register_phone_counter
        from daihoi.voting.services.open_votes import phone_counts

        register_phone_counter(phone_counts)
