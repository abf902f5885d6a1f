"""Security headers on every page, and CSRF protection on every form."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ALL_TEMPLATES = sorted(TEMPLATES.rglob("*.html"))
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def directives(policy: str) -> set[str]:
    return {directive.strip() for directive in policy.split(";")}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/docs/", "/api/v1/questions/"])
def test_pages_carry_the_content_security_policy_and_the_usual_headers(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_docs_page_loads_its_script_from_a_url_not_inline(client, db):
    page = client.get(reverse("api-docs")).content.decode()
    assert not INLINE_SCRIPT.search(page)
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    "template", ALL_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_have_no_inline_script_or_event_handler(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE)


@pytest.mark.parametrize(
    "template", ALL_TEMPLATES, ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_every_post_form_carries_a_csrf_token(template):
    for form in POST_FORM.findall(template.read_text()):
        assert "{% csrf_token %}" in form, form


def test_a_post_without_the_csrf_token_is_refused(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = client.post(reverse("accounts:token-create"), {"name": "laptop"})
    assert response.status_code == 403
    assert not student.api_tokens.exists()


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/v1/questions/", "/no-such-page/"])
def test_every_response_denies_the_browser_features_the_site_does_not_use(client, db, url):
    policy = dict(
        item.strip().split("=", 1) for item in client.get(url)["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"
