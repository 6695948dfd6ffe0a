from django.urls import path

from accord.discussions import views

app_name = "discussions"

urlpatterns = [
    path("<slug:slug>/discussions/", views.thread_list, name="thread_list"),
    path("<slug:slug>/discussions/<int:thread_id>/", views.thread_detail, name="thread_detail"),
]
