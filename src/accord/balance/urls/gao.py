"""The GAO practices page."""

from django.urls import path

from accord.balance.views import gao as views

urlpatterns = [
    path("<slug:slug>/balance/gao/", views.gao, name="gao"),
]
