"""The staff's pages of voting on phones, under the congress (/c/<org>/<congress>/...): the desk's
binding codes and revocations, the presidium's poll control, the ballot desk of a hybrid poll."""

from daihoi.voting import ceremony_views, desk_views, poll_views

app_name = "voting_staff"
C = "<slug:org_code>/<id:pk>/"
urlpatterns = [*desk_views.urlpatterns(C), *poll_views.urlpatterns(C), *ceremony_views.urlpatterns(C)]
