"""A relying party built on Authlib (Debian's python3-authlib), run by test/independent-rps.test.ts:
discovery, code flow with PKCE (S256) and nonce, ID token validated against the JWKS, UserInfo,
introspection, refresh (rotation), revocation, and RP-initiated logout."""
import secrets
import sys
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

from rp_io import ask, fail, say

issuer, client_id, client_secret, redirect_uri, post_logout_uri = sys.argv[1:6]
meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
if meta["issuer"] != issuer:
    fail("discovery names another issuer")
jwks = JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())

session = OAuth2Session(client_id, client_secret, scope="openid profile email offline_access", redirect_uri=redirect_uri, code_challenge_method="S256")
verifier = secrets.token_urlsafe(48)
nonce = secrets.token_urlsafe(16)
url, state = session.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce, prompt="consent")
callback = ask("authorize", url=url)

token = session.fetch_token(meta["token_endpoint"], authorization_response=callback, code_verifier=verifier, state=state)
claims = jwt.decode(token["id_token"], jwks, claims_cls=CodeIDToken, claims_options={"iss": {"essential": True, "value": issuer}}, claims_params={"nonce": nonce, "client_id": client_id, "access_token": token["access_token"]})
claims.validate(leeway=30)

userinfo = session.get(meta["userinfo_endpoint"], timeout=10).json()
if userinfo["sub"] != claims["sub"]:
    fail("UserInfo names another subject")
active = session.introspect_token(meta["introspection_endpoint"], token=token["access_token"]).json()

refreshed = session.refresh_token(meta["token_endpoint"], refresh_token=token["refresh_token"])
rotated = refreshed["refresh_token"] != token["refresh_token"]
session.revoke_token(meta["revocation_endpoint"], token=refreshed["refresh_token"], token_type_hint="refresh_token")
after_revoke = session.introspect_token(meta["introspection_endpoint"], token=refreshed["refresh_token"]).json()

logout_state = secrets.token_urlsafe(8)
landed = ask("logout", url=meta["end_session_endpoint"] + "?" + urlencode({"id_token_hint": token["id_token"], "post_logout_redirect_uri": post_logout_uri, "state": logout_state}))

say("done", sub=claims["sub"], name=userinfo.get("name"), introspected=active.get("active"), rotated=rotated, revoked_active=after_revoke.get("active"), logged_out_to=landed, logout_state_back=logout_state in landed)
