"""A refusal says what the person tried: someone who only opened a manager's page is not told they
"cannot change this", and someone who tried to change something is."""


def test_opening_a_managers_page_is_refused_in_words_about_opening_it(world):
    response = world.client("staff_a").get(f"/p/{world.partnership.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in page and "only the partnership manager can do" in page
    assert "can change this" not in page


def test_trying_a_change_is_refused_in_words_about_the_change(world):
    response = world.client("staff_a").post(f"/p/{world.partnership.pk}/edit/", {"name": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this" in page and "Only the partnership manager can change this." in page

