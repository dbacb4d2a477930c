"""The minimal web shell: bank list, bank page, error pages and the health check."""

from sqlalchemy.exc import OperationalError

from tests.conftest import bank_text


def test_home_lists_published_banks_with_counts(client, import_bank):
    import_bank()
    import_bank(bank_text("hidden", title="Hidden draft"), status="draft")
    page = client.get("/").get_data(as_text=True)
    assert "Capitals" in page and "4 questions" in page
    assert "Hidden draft" not in page


def test_bank_page_shows_question_count_and_sources(client, import_bank):
    import_bank()
    response = client.get("/banks/capitals")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 questions" in page
    assert "World Atlas" in page and "Example Press" in page and "2020-01-02" in page


def test_output_is_escaped(client, import_bank):
    import_bank(bank_text(title="'<script>alert(1)</script>'"))
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_missing_pages_answer_html_to_browsers_and_json_to_clients(client):
    html = client.get("/banks/nope", headers={"Accept": "text/html"})
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "<title>Page not found · quizapp</title>" in html.get_data(as_text=True)
    api = client.get("/banks/nope", headers={"Accept": "application/json"})
    assert api.status_code == 404
    assert api.get_json() == {"error": {"code": "not_found", "message": "no bank 'nope'"}}
    assert client.get("/api/v1/nothing-here").get_json()["error"]["code"] == "not_found"


def test_drafts_are_not_found_for_the_public(client, import_bank):
    import_bank(status="draft")
    assert client.get("/banks/capitals").status_code == 404


def test_server_errors_render_a_page_and_roll_back(app, client):
    app.testing = False  # let the error handler answer instead of raising into the test

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    page = client.get("/boom")
    assert page.status_code == 500 and "Something went wrong" in page.get_data(as_text=True)


def test_healthz_checks_the_database(client, monkeypatch):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    from quizapp.extensions import db

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "execute", down)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_security_headers_and_cookie_flags(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_visitor_is_offered_an_account_and_sign_in_that_returns_to_the_bank(client, import_bank):
    import_bank()
    home = client.get("/").get_data(as_text=True)
    assert 'href="/register">Create an account</a>' in home
    page = client.get("/banks/capitals").get_data(as_text=True)
    assert 'href="/login?next=/banks/capitals">Sign in to study</a>' in page
    # Question types named as learners see them, most frequent first then by name.
    assert "multiple choice (1), number (1), short answer (1), true or false (1)" in page


def test_an_unknown_address_is_explained_in_plain_words_with_ways_on(client):
    page = client.get("/no/such/page").get_data(as_text=True)
    assert "There is no page at this address" in page and "requested URL" not in page
    assert 'href="/login?next=/no/such/page">Sign in</a>' in page
    assert "Error 404" in page
