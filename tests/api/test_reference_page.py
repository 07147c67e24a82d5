"""The footer's API link leads to a reference page of Accord's own: every operation of the OpenAPI schema,
server-rendered with no script, and a link on to the interactive explorer for developers."""

import re


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
