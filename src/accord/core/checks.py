"""System checks for running on more than one machine (README, "Running on more than one machine").

Several app servers and workers share what Accord already uses: the database, Redis (the queue and
the cache) and a Django storage for files. Whatever one machine keeps on its own disk, the others do
not see. When the database or Redis is reached over the network (not on this machine's loopback or a
local socket), Accord takes it that other machines may share them, and `accord check` (also run by
`accord migrate` and `runserver`) names each thing still kept on this machine's disk. A single server
using network services says so with ACCORD_ONE_MACHINE=True and these warnings stop.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


def _on_this_machine(host: str | None) -> bool:
    if not host or host.startswith("/") or host == "localhost":
        return True  # no host: a local socket
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shared_services() -> list[str]:
    """The services reached over the network, which other machines may share."""
    if getattr(settings, "ACCORD_ONE_MACHINE", False):
        return []
    shared = []
    db = settings.DATABASES["default"]
    if "sqlite" not in db["ENGINE"] and not _on_this_machine(db.get("HOST")):
        shared.append("the database")
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url and not _on_this_machine(urlsplit(redis_url).hostname):
        shared.append("Redis")
    return shared


@register()
def nothing_on_local_disk_that_another_machine_needs(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    shared = shared_services()
    if not shared:
        return []
    them = "them" if len(shared) > 1 else "it"
    why = f"{' and '.join(shared)} {'are' if len(shared) > 1 else 'is'} reached over the network, so other " \
          f"machines may share {them}"
    found = []
    if getattr(settings, "SECRET_KEY_GENERATED", False):
        found.append(Warning(
            f"SECRET_KEY was made on this machine ({settings.VAR_DIR / 'secret_key'}), but {why}: sign-ins, "
            "forms and links signed by one machine fail on another.",
            hint="Set the same SECRET_KEY (or SECRET_KEY_FILE) on every machine.", id="accord.W001"))
    for path in (settings.ACCORD_LEDGER_KEY_FILE, settings.ACCORD_LEDGER_SIGNING_KEY_FILE):
        if not Path(path).exists():
            found.append(Warning(
                f"The access record key {path} is not on this machine yet, and {why}: this machine would make "
                "its own key on first use, and the access record would stop verifying.",
                hint="Copy ACCORD_LEDGER_KEY_FILE and ACCORD_LEDGER_SIGNING_KEY_FILE from the first machine "
                     "(or mount the same secrets) before starting this one.", id="accord.W002"))
    if not getattr(settings, "REDIS_URL", ""):
        found.append(Warning(
            f"REDIS_URL is not set, but {why}: the task queue and the cache are files on this machine, so "
            "a worker on another machine never sees the work queued here.",
            hint="Set the same REDIS_URL on every app server and worker.", id="accord.W003"))
    for alias, setting in (("default", "FILE_STORAGE"), ("private", "PRIVATE_FILE_STORAGE")):
        if settings.STORAGES.get(alias, {}).get("BACKEND") == LOCAL_STORAGE:
            found.append(Warning(
                f"Files ({setting}) are kept in a folder on this machine's disk, but {why}: a file uploaded "
                "or prepared on one machine is missing on the others.",
                hint=f"Use object storage ({setting} and {setting}_OPTIONS, README) or point its folder at "
                     "storage every machine mounts.", id="accord.W004"))
    if getattr(settings, "EMAIL_URL", "").startswith("file://"):
        found.append(Warning(
            f"E-mail is written to files on this machine ({settings.EMAIL_FILE_PATH}), but {why}.",
            hint="Use an smtp:// EMAIL_URL.", id="accord.W005"))
    return found
