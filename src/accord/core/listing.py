"""Long lists and organisation-by-organisation tables at the size of a national partnership (issue 21).

A page that lists the partners, or a fact for each pair of them, is read by someone looking for one partner
or at the whole picture, not by someone scrolling 2,000 rows: past `ACCORD_PAGE_SIZE` rows it shows one page
with a search box and Previous/Next, and offers every row as a download; past `ACCORD_MATRIX_MAX`
organisations a table with a column per organisation becomes a row per organisation. Small partnerships see
what they always saw. `core/_pager.html` is the labelled Previous/Next for any page made here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_size() -> int:
    return max(1, int(getattr(settings, "ACCORD_PAGE_SIZE", 50)))


def matrix_max() -> int:
    return int(getattr(settings, "ACCORD_MATRIX_MAX", 15))


def too_wide(count: int) -> bool:
    """True when a table with a column per organisation would have too many columns to read."""
    return count > matrix_max()


@dataclass
class Pager:
    """One page of a long list, with the addresses of its neighbours (keeping the page's other
    parameters, such as the search) and a label for the navigation landmark."""
    page: Page
    label: str
    previous_url: str = ""
    next_url: str = ""

    @property
    def rows(self) -> Any:
        return self.page.object_list

    @property
    def several(self) -> bool:
        return self.page.has_other_pages()


def paginate(request: HttpRequest, rows: Any, *, label: str, param: str = "page", size: int | None = None) -> Pager:
    """The page of `rows` the request asks for (`?page=`), the first for anything else."""
    page = Paginator(rows, size or page_size()).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    return Pager(page=page, label=label,
                 previous_url=url(page.previous_page_number()) if page.has_previous() else "",
                 next_url=url(page.next_page_number()) if page.has_next() else "")


def matches(text: str, query: str) -> bool:
    """Every word of the query appears in the text (any case): the search of a list of names."""
    low = text.lower()
    return all(word in low for word in query.lower().split())
