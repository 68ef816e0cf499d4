from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"

    def ready(self) -> None:
        # The counting committee refuses candidates; the projector shows announced results.
        from daihoi.congresses.hooks import register_candidate_provider, register_projector_panel
        from daihoi.elections.projector import projector_panel
        from daihoi.elections.services import candidate_member_ids

        register_candidate_provider(candidate_member_ids)
        register_projector_panel(projector_panel)
