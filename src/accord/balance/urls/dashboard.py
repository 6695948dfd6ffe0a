"""The balance dashboard and its alert thresholds."""

from django.urls import path

from accord.balance.views import dashboard as views

urlpatterns = [
    path("<slug:slug>/balance/", views.dashboard, name="dashboard"),
    path("<slug:slug>/balance/alerts/", views.dashboard_settings, name="dashboard_settings"),
]
