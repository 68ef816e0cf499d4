from django.urls import path

from daihoi.congresses import actions, doc_views, dossier_views, live, views

app_name = "congresses"
C = "<slug:org_code>/<id:pk>/"
urlpatterns = [
    path("<slug:org_code>/", views.congress_list, name="list"),
    path("<slug:org_code>/new/", views.congress_create, name="create"),
    path(C, views.congress_detail, name="detail"),
    path(C + "generate/", views.generate_list, name="generate"),
    path(C + "convene/", views.convene, name="convene"),
    path(C + "open/", views.open_session, name="open"),
    path(C + "close/", views.close_session, name="close"),
    path(C + "delete/", views.delete_congress, name="delete"),
    path(C + "archive/", views.archive_congress, name="archive"),
    path(C + "delegates/", views.delegate_list, name="delegates"),
    path(C + "agenda/", views.agenda_add, name="agenda_add"),
    path(C + "agenda/current/", views.agenda_current, name="agenda_current"),
    path(C + "votes/", views.vote_create, name="vote_create"),
    path(C + "votes/<id:vote_id>/", views.vote_detail, name="vote"),
    path(C + "desk/", live.desk, name="desk"),
    path(C + "desk/undo/<id:delegate_id>/", live.desk_undo, name="desk_undo"),
    path(C + "attendance/", live.attendance, name="attendance"),
    path(C + "quorum/", live.quorum_fragment, name="quorum"),
    path(C + "projector/", live.projector, name="projector"),
    path(C + "projector/state/", live.projector_state, name="projector_state"),
    path(C + "cards.pdf", doc_views.cards_pdf, name="cards"),
    path(C + "cards/<id:delegate_id>.pdf", doc_views.cards_pdf, name="card"),
    path(C + "credentials.<str:fmt>", doc_views.credentials_report, name="credentials"),
    path(C + "dossier/", dossier_views.dossier_page, name="dossier"),
    path(C + "dossier/numbers/", dossier_views.dossier_numbers, name="dossier_numbers"),
    path(C + "dossier/<str:key>.<str:fmt>", dossier_views.dossier_file, name="dossier_file"),
    path(C + "documents/", doc_views.documents, name="documents"),
    path(C + "documents/upload/", doc_views.document_upload, name="document_upload"),
    path(C + "documents/<id:doc_id>/", doc_views.document_detail, name="document"),
    path(C + "documents/<id:doc_id>/comment/", doc_views.document_comment, name="document_comment"),
    path(C + "documents/<id:doc_id>/file/", doc_views.document_file, name="document_file"),
    path(C + "documents/<id:doc_id>/comments.<str:fmt>", doc_views.comments_export, name="comments_export"),
    *actions.urlpatterns(C),
]
