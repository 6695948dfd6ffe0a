from django.urls import path

from accord.meetings import views

app_name = "meetings"

_one = "<slug:slug>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/meetings/", views.meeting_list, name="meeting_list"),
    path("<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/meetings/calendar/", views.calendar_feed_manage, name="calendar_feed_manage"),
    path(_one, views.meeting_detail, name="meeting_detail"),
    path(_one + "edit/", views.meeting_edit, name="meeting_edit"),
    path(_one + "attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(_one + "minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(_one + "agenda/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path(_one + "decisions/", views.meeting_decision, name="meeting_decision"),
    path(_one + "action-items/", views.meeting_action_item, name="meeting_action_item"),
    path(_one + "travel-support/", views.meeting_travel_support, name="meeting_travel_support"),
    path(_one + "meeting.ics", views.meeting_ics, name="meeting_ics"),
]
