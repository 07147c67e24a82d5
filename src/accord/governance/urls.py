from django.urls import path

from .views import corrections, feeds, health, meetings, outcomes, replies

app_name = "governance"
P = "p/<int:pk>/meetings/"
urlpatterns = [
    path(P, meetings.meeting_list, name="list"),
    path(P + "series/new/", meetings.series_create, name="series-create"),
    path(P + "series/<int:series_pk>/", meetings.series_detail, name="series"),
    path(P + "series/<int:series_pk>/edit/", meetings.series_edit, name="series-edit"),
    path(P + "<int:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path(P + "<int:meeting_pk>/move/", meetings.meeting_move, name="meeting-move"),
    path(P + "<int:meeting_pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path(P + "<int:meeting_pk>/attendance/", meetings.attendance, name="attendance"),
    path(P + "<int:meeting_pk>/attendance/add/", meetings.attendee_add, name="attendee-add"),
    path(P + "<int:meeting_pk>/agenda/add/", meetings.agenda_add, name="agenda-add"),
    path(P + "<int:meeting_pk>/approve-minutes/", meetings.minutes_approve, name="minutes-approve"),
    path(P + "<int:meeting_pk>/notes/add/", outcomes.note_add, name="note-add"),
    path(P + "<int:meeting_pk>/decisions/add/", outcomes.decision_add, name="decision-add"),
    path(P + "<int:meeting_pk>/actions/add/", outcomes.action_add, name="action-add"),
    path(P + "agenda/<int:item_pk>/minutes/", meetings.minutes_edit, name="minutes"),
    path(P + "decisions/<int:decision_pk>/", outcomes.decision_detail, name="decision"),
    path(P + "actions/<int:action_pk>/", outcomes.action_detail, name="action"),
    path(P + "<int:meeting_pk>/reinstate/", corrections.meeting_reinstate, name="meeting-reinstate"),
    path(P + "notes/<int:note_pk>/delete/", corrections.note_delete, name="note-delete"),
    path(P + "agenda/<int:item_pk>/delete/", corrections.agenda_delete, name="agenda-delete"),
    path(P + "decisions/<int:decision_pk>/delete/", corrections.decision_delete, name="decision-delete"),
    path(P + "actions/<int:action_pk>/correct/", corrections.action_correct, name="action-correct"),
    path(P + "calendar/", feeds.feeds, name="feeds"),
    path(P + "calendar/new/", feeds.feed_issue, name="feed-issue"),
    path(P + "calendar/<int:feed_pk>/revoke/", feeds.feed_revoke, name="feed-revoke"),
    path(P + "health/", health.health, name="health"),
    path(P + "<int:meeting_pk>/reply/", replies.reply, name="reply"),
    path(P + "<int:meeting_pk>/replies/calendar/", replies.calendar_reply, name="calendar-reply"),
    path(P + "<int:meeting_pk>/papers/add/", replies.paper_add, name="paper-add"),
    path(P + "papers/<int:paper_pk>/", replies.paper_download, name="paper"),
    path(P + "papers/<int:paper_pk>/remove/", replies.paper_remove, name="paper-remove"),
    path("meetings/reply/<str:token>/", replies.reply_link, name="reply-link"),
    path("my/actions/", outcomes.my_actions, name="my-actions"),
    path("calendar/<str:token>.ics", feeds.feed, name="feed"),
]
