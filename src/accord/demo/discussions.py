"""The demo's discussions (data/discussions.json): two of Lake Kivuli's threads, one on
where the board meets and one on an activity of the workplan. Written through the
discussions services; idempotent: nothing is loaded when the partnership has a thread."""

from __future__ import annotations

from accord.demo import accounts, story
from accord.discussions import services
from accord.discussions.models import Thread, ThreadComment
from accord.partnerships.models import Partnership
from accord.resources.models import Activity


def load(slug: str) -> bool:
    chapter = story.data("discussions").get(slug)
    if chapter is None or Thread.objects.filter(partnership__slug=slug).exists():
        return False
    partnership = Partnership.objects.get(slug=slug)
    activity = Activity.objects.filter(partnership=partnership).order_by("pk").first()
    for data in chapter["threads"]:
        thread = services.thread_create(
            actor=accounts.person(data["by"]),
            partnership=partnership,
            title=data["title"],
            body=data["body"],
            stance=data["stance"],
            activity=activity if data.get("activity") else None,
        )
        written: list[ThreadComment] = []
        for comment in data["comments"]:
            reply_to = comment.get("reply_to")
            written.append(
                services.comment_add(
                    actor=accounts.person(comment["by"]),
                    thread=thread,
                    body=comment["body"],
                    stance=comment["stance"],
                    parent=written[reply_to] if reply_to is not None else None,
                )
            )
    return True
