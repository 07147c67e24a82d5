import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.conftest import PASSWORD


def _sign_in(client, email, password):
    return client.post("/accounts/sign-in/", {"email": email, "password": password})


def test_it_signs_in_with_the_email_address_in_any_case(world):
    client = Client()
    response = _sign_in(client, "MANAGER@Example.org", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/partnerships/"
    assert client.get("/partnerships/").status_code == 200


def test_a_wrong_password_says_so_without_saying_which_part(world):
    response = _sign_in(Client(), "manager@example.org", "nope")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_it_pauses_sign_in_after_repeated_failures_even_with_the_right_password(world, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        _sign_in(client, "leader_a@example.org", "wrong")
    response = _sign_in(client, "leader_a@example.org", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another person's account is not locked by it
    assert _sign_in(Client(), "leader_b@example.org", PASSWORD).status_code == 302


def test_it_only_follows_local_next_links(world):
    response = Client().post("/accounts/sign-in/", {"email": "manager@example.org", "password": PASSWORD,
                                                     "next": "https://evil.example/"})
    assert response["Location"] == "/partnerships/"
    response = Client().post("/accounts/sign-in/", {"email": "manager@example.org", "password": PASSWORD,
                                                     "next": f"/p/{world.partnership.pk}/"})
    assert response["Location"] == f"/p/{world.partnership.pk}/"


def test_sign_out_ends_the_session(world):
    client = world.client("manager")
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get(f"/p/{world.partnership.pk}/").status_code == 302


def test_sign_out_needs_a_post(world):
    client = world.client("manager")
    assert client.get("/accounts/sign-out/").status_code == 405


def test_production_hashes_passwords_with_argon2_and_sessions_expire():
    from accord import settings as accord_settings

    assert accord_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert 0 < django_settings.SESSION_COOKIE_AGE <= 24 * 3600


@pytest.mark.django_db
def test_argon2_hashes_verify(settings):
    from accord.accounts.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("argon@example.org", "a long passphrase here")
    assert user.password.startswith("argon2$")
    assert user.check_password("a long passphrase here")


def test_signing_in_gives_a_new_session_key(world):
    client = Client()
    session = client.session  # a session the browser already had (perhaps planted by someone else)
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = before = session.session_key
    _sign_in(client, "manager@example.org", PASSWORD)
    assert client.cookies["sessionid"].value != before


def test_a_password_is_changed_with_the_current_one_and_other_sessions_end(world):
    other_browser = Client()
    _sign_in(other_browser, "leader_a@example.org", PASSWORD)
    client = Client()
    _sign_in(client, "leader_a@example.org", PASSWORD)
    wrong = client.post("/accounts/password/", {"old_password": "not it", "new_password1": "new passphrase 77 x",
                                                "new_password2": "new passphrase 77 x"})
    assert wrong.status_code == 200
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": " new passphrase 77 x",
                                                   "new_password2": " new passphrase 77 x"})
    assert response.status_code == 302
    assert client.get("/partnerships/").status_code == 200
    assert other_browser.get("/partnerships/").status_code == 302
    assert _sign_in(Client(), "leader_a@example.org", " new passphrase 77 x").status_code == 302


def test_a_disabled_account_is_signed_out_at_once(world):
    client = Client()
    _sign_in(client, "leader_a@example.org", PASSWORD)
    world.users["leader_a"].is_active = False
    world.users["leader_a"].save()
    assert client.get("/partnerships/").status_code == 302


def test_sign_out_tells_the_browser_to_drop_what_it_kept(world):
    client = world.client("leader_a")
    answer = client.post("/accounts/sign-out/")
    assert answer["Clear-Site-Data"] == '"cache", "storage"'
