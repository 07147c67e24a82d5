"""Django's makemessages, also finding plural messages stored to translate when read:
`stored_text.plural("%(count)s meeting", "%(count)s meetings", "count", count=n)` (accord.lib.stored_text)
goes into the catalogue as one message with its plural, as `ngettext` does."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=plural:1,2"]
