"""The partnership's network page: who works with whom, how much they trust and value each
other, and how that changed between survey waves."""

from django.urls import path

from accord.balance.views import network

urlpatterns = [
    path("<slug:slug>/balance/network/", network.network, name="network"),
]
