"""The footer's API link leads to a reference page of Accord's own: every operation of the OpenAPI schema,
server-rendered with no script, and a link on to the interactive explorer for developers."""

import html
import re

from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pages made from the API schema: the database has no part in them


def test_every_operation_is_on_the_reference_page(world):
    client = world.client("anonymous")
    schema = client.get("/api/openapi.json").json()
    index = client.get("/api/reference/").content.decode()
    sections = re.findall(r'href="(/api/reference/[\w-]+/)"', index)
    assert len(sections) >= 8
    page = "".join(client.get(url).content.decode() for url in sections)
    operations = [(m.upper(), path) for path, ops in schema["paths"].items() for m in ops]
    assert len(operations) > 50
    for method, path in operations:
        assert re.search(rf'<span class="badge">{method}</span> <code class="api-path">{re.escape(path)}</code>', page), \
            (method, path)
    assert "<script" not in page
    assert 'href="/api/docs"' in index and 'href="/api/docs"' in page


def test_every_footer_links_to_the_reference(world):
    page = world.client("manager").get(f"/p/{world.partnership.pk}/").content.decode()
    assert 'href="/api/reference/">API</a>' in page


def _texts(page: str, pattern: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(pattern, page, flags=re.S)]


SUMMARY, DESCRIPTION, FIELD = r"<p><strong>(.*?)</strong></p>", r'<p class="pre-line">(.*?)</p>', \
    r'<br><span class="muted">(.*?)</span>'


def test_every_section_of_the_reference_speaks_welsh_while_the_schema_keeps_its_english(world):
    # the words are marked where they are written (api/*.py, gettext_noop) and translated on the page only
    client = world.client("anonymous")
    schema = client.get("/api/openapi.json")
    assert client.get("/api/openapi.json", HTTP_ACCEPT_LANGUAGE="cy").content == schema.content
    operations = [op for ops in schema.json()["paths"].values() for op in ops.values()]
    english = {op["summary"] for op in operations} | {op["description"] for op in operations if "description" in op}
    sections = re.findall(r'href="(/api/reference/[\w-]+/)"', client.get("/api/reference/").content.decode())
    assert len(sections) >= 14
    summaries = 0
    for url in sections:
        en = client.get(url, {"lang": "en"}).content.decode()
        cy = client.get(url, {"lang": "cy"}).content.decode()
        welsh = _texts(cy, SUMMARY) + _texts(cy, DESCRIPTION)
        assert len(welsh) == len(_texts(en, SUMMARY) + _texts(en, DESCRIPTION))
        assert not english & set(welsh), (url, english & set(welsh))
        assert not set(_texts(cy, FIELD)) & set(_texts(en, FIELD)), url
        assert " OK" not in cy and "Not Found" not in cy and "Unprocessable Entity" not in cy, url
        summaries += len(_texts(cy, SUMMARY))
    assert summaries == len(operations)


def test_a_list_of_values_keeps_the_values_and_translates_their_labels(world):
    page = world.client("anonymous").get("/api/reference/governance/", {"lang": "cy"}).content.decode()
    assert "absent: " in page and "(gwag): heb ei gofnodi eto" in page
    assert "Sent apologies" not in page and "not recorded yet" not in page


def test_a_dataset_operation_is_summed_up_in_english_even_when_registered_in_welsh(monkeypatch):
    # the routers are imported with the URLs, possibly during a Welsh request: the schema must keep its English
    from django.utils import translation
    from ninja import Router

    from accord.api import reports
    from accord.reports import dataout

    monkeypatch.setattr(reports, "router", Router())
    dataset = dataout.DATASETS[0]
    with translation.override("cy"):
        reports._register(dataset)
        welsh = reports.dataset_summary(f"data_out_data_{dataset.slug.replace('-', '_')}")
    [operation] = [op for view in reports.router.path_operations.values() for op in view.operations]
    with translation.override(None):
        assert operation.summary == f"{dataset.title} as CSV or XLSX: {dataset.about}"
    assert welsh != operation.summary and "fel CSV neu XLSX" in welsh
