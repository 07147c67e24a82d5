"""The words of the navigation that other apps register in English (`register_nav` labels, the role badge),
listed here so that `makemessages` puts them in core's catalogue; `partnership_nav` and base.html translate
them where they are shown. A new tab's label belongs here too: tests/core/test_navigation_in_welsh.py fails
until it is listed and translated."""

from __future__ import annotations

from django.utils.translation import gettext_noop

TAB_LABELS = (
    gettext_noop("Home"),
    gettext_noop("Charter"),
    gettext_noop("People"),
    gettext_noop("Delivery"),
    gettext_noop("Meetings"),
    gettext_noop("Discussions"),
    gettext_noop("Trust"),
    gettext_noop("Library"),
    gettext_noop("Mailing lists"),
    gettext_noop("Health"),
    gettext_noop("Data out"),
    gettext_noop("Audit trail"),
    gettext_noop("Personal data"),
    gettext_noop("Notices sent"),
)

# access.role, shown as a badge beside the partnership's name
ROLE_BADGES = (gettext_noop("manager"), gettext_noop("leader"), gettext_noop("staff"), gettext_noop("funder"))
