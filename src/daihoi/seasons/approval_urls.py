"""The approval pages: the lower side under the congress (/c/), the superior's under /s/<org>/approvals/."""

from django.urls import path

from daihoi.seasons import approval_views as views

app_name = "approval"
urlpatterns = [
    path("c/<slug:org_code>/<id:pk>/approval/", views.congress_approval, name="congress"),
    path("c/<slug:org_code>/<id:pk>/approval/submit/", views.congress_submit, name="submit"),
    path(
        "c/<slug:org_code>/<id:pk>/approval/decision.<str:fmt>",
        views.congress_decision,
        name="congress_decision",
    ),
    path("s/<slug:org_code>/approvals/", views.inbox, name="inbox"),
    path("s/<slug:org_code>/approvals/<id:submission_pk>/", views.review, name="review"),
    path("s/<slug:org_code>/approvals/<id:submission_pk>/approve/", views.approve, name="approve"),
    path("s/<slug:org_code>/approvals/<id:submission_pk>/return/", views.return_, name="return"),
    path("s/<slug:org_code>/approvals/<id:submission_pk>/dossier.zip", views.dossier, name="dossier"),
    path(
        "s/<slug:org_code>/approvals/<id:submission_pk>/decision.<str:fmt>", views.decision, name="decision"
    ),
]
