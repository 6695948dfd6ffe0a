"""The balance pages: one module of url patterns per area, so that each area stays small."""

from accord.balance.urls import dashboard, gao, network

app_name = "balance"

urlpatterns = [*dashboard.urlpatterns, *gao.urlpatterns, *network.urlpatterns]
