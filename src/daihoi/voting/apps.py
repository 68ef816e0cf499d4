from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "daihoi.voting"
    label = "voting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Closing an open vote adds the choices made on phones to the cards counted.
        from daihoi.congresses.hooks import register_ballot_taken_check, register_phone_counter
        from daihoi.voting.services.open_votes import phone_counts
        from daihoi.voting.services.polls import ballot_taken_in_open_poll

        register_phone_counter(phone_counts)
        register_ballot_taken_check(ballot_taken_in_open_poll)

        # The projector shows "x / y have voted" during an electronic poll (never a partial result).
        from daihoi.congresses.hooks import register_projector_panel
        from daihoi.voting.projector import projector_panel

        register_projector_panel(projector_panel)
