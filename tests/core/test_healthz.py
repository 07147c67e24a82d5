from django.test import Client


def test_it_reports_database_and_queue(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"


def test_it_says_so_when_the_database_is_down(db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise RuntimeError("database unreachable")

    monkeypatch.setattr("accord.core.views.connection", Unreachable())
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"
