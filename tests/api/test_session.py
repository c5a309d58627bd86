"""Sign-in, tokens, sign-out, identity, newsletter, roles."""

from tests.support import Api


async def test_sign_in_returns_identity_and_structure(api: Api) -> None:
    response = await api.http.post(
        "/api/v1/session", json={"username": "mlapierre", "password": "demo"}
    )
    assert response.status_code == 201
    me = response.json()["me"]
    assert (me["first_name"], me["last_name"]) == ("Martine", "LAPIERRE")
    assert me["structure"]["name"] == "Service social du Centre hospitalier Les Tilleuls"


async def test_wrong_password_and_unknown_user_answer_the_same(api: Api) -> None:
    wrong = await api.http.post("/api/v1/session", json={"username": "mlapierre", "password": "x"})
    unknown = await api.http.post("/api/v1/session", json={"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()["detail"]
        == unknown.json()["detail"]
        == ("Identifiant ou mot de passe incorrect.")
    )
    assert wrong.headers["content-type"] == "application/problem+json"


async def test_passwords_are_stored_hashed(api: Api, app) -> None:
    rows = app.state.server.db.query("SELECT password_hash FROM technicians")
    assert rows and all(r["password_hash"].startswith("scrypt$") for r in rows)
    assert all("demo" not in r["password_hash"] for r in rows)


async def test_calls_need_a_token(api: Api) -> None:
    response = await api.http.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    response = await api.http.get("/api/v1/me", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401


async def test_sign_out_revokes_the_token(api: Api) -> None:
    headers = await api.login()
    assert (await api.http.get("/api/v1/me", headers=headers)).status_code == 200
    assert (await api.http.delete("/api/v1/session", headers=headers)).status_code == 204
    assert (await api.http.get("/api/v1/me", headers=headers)).status_code == 401


async def test_each_side_signs_out_with_its_own_route(api: Api) -> None:
    """The technicians' DELETE /session revoked any token, an agent's too; each side has
    its own sign-out now, and refuses the other's token."""
    agent, technician = await api.agent(), await api.login()
    assert (await api.http.delete("/api/v1/session", headers=agent)).status_code == 403
    assert (await api.http.get("/api/v1/backoffice/requests", headers=agent)).status_code == 200
    refused = await api.http.delete("/api/v1/backoffice/session", headers=technician)
    assert refused.status_code == 403
    assert (await api.http.get("/api/v1/me", headers=technician)).status_code == 200
    assert (await api.http.delete("/api/v1/backoffice/session", headers=agent)).status_code == 204
    assert (await api.http.get("/api/v1/backoffice/requests", headers=agent)).status_code == 401


async def test_tokens_expire(api: Api) -> None:
    headers = await api.login()
    api.advance_days(0.5)  # 12 hours: past the 8-hour session
    response = await api.http.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert "expirée" in response.json()["detail"]


async def test_newsletter_flag_is_saved(api: Api) -> None:
    headers = await api.login("vchausson")
    assert (await api.http.get("/api/v1/me", headers=headers)).json()["newsletter"] is False
    response = await api.http.put(
        "/api/v1/me/newsletter", json={"subscribed": True}, headers=headers
    )
    assert response.status_code == 200 and response.json()["newsletter"] is True
    assert (await api.http.get("/api/v1/me", headers=headers)).json()["newsletter"] is True


async def test_roles_do_not_mix(api: Api) -> None:
    technician = await api.login()
    agent = await api.agent()
    response = await api.http.get("/api/v1/backoffice/requests", headers=technician)
    assert response.status_code == 403
    response = await api.http.get("/api/v1/me", headers=agent)
    assert response.status_code == 403


async def test_test_controls_are_off_unless_enabled(clock) -> None:
    import httpx

    from mock_server.app import create_app
    from mock_server.transport import LoopbackTransport

    app = create_app(clock=clock)  # no test_controls
    async with httpx.AsyncClient(transport=LoopbackTransport(app), base_url="http://t") as http:
        for method, path in [
            ("GET", "/api/v1/_test/clock"),
            ("POST", "/api/v1/_test/reset"),
            ("POST", "/api/v1/_test/faults"),
        ]:
            response = await http.request(method, path, json={})
            assert response.status_code == 404, path
        paths = (await http.get("/openapi.json")).json()["paths"]
        assert not [p for p in paths if p.startswith("/api/v1/_test")]
