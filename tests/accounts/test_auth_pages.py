from django.urls import reverse

from accounts.models import User


def test_signup_creates_an_account_and_logs_in(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "ada",
            "email": "ada@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="ada").exists()
    assert "ada" in client.get(reverse("home")).content.decode()


def test_signup_with_mismatched_passwords_shows_a_form_error(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "ada", "password1": "a-long-passphrase-1", "password2": "another-one-2"},
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="ada").exists()


def test_login_and_logout(client, student):
    response = client.post(
        reverse("accounts:login"), {"username": "student", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == student
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_wrong_password_shows_an_error_and_stays_logged_out(client, student):
    response = client.post(reverse("accounts:login"), {"username": "student", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_moderators_group_can_moderate_and_students_cannot(student, moderator):
    assert moderator.is_moderator
    assert not student.is_moderator


def test_forms_carry_a_csrf_token(client, db):
    assert "csrfmiddlewaretoken" in client.get(reverse("accounts:login")).content.decode()
    assert "csrfmiddlewaretoken" in client.get(reverse("accounts:signup")).content.decode()
