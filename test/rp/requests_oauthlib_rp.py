"""A relying party built on requests-oauthlib and PyJWT (Debian's python3-requests-oauthlib and
python3-jwt), run by test/independent-rps.test.ts: code flow with PKCE (S256, by hand: this version
has no PKCE option) and nonce, the ID token checked with PyJWT against the JWKS, UserInfo, refresh,
revocation and RP-initiated logout."""
import base64
import hashlib
import os
import secrets
import sys
from urllib.parse import urlencode

import jwt
import requests
from requests_oauthlib import OAuth2Session

from rp_io import ask, fail, say

# The test's Portico listens on http://127.0.0.1: oauthlib refuses plain http unless told.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

issuer, client_id, client_secret, redirect_uri, post_logout_uri = sys.argv[1:6]
meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()

verifier = secrets.token_urlsafe(48)
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
nonce = secrets.token_urlsafe(16)
session = OAuth2Session(client_id, redirect_uri=redirect_uri, scope=["openid", "profile", "offline_access"])
url, state = session.authorization_url(meta["authorization_endpoint"], code_challenge=challenge, code_challenge_method="S256", nonce=nonce, prompt="consent")
callback = ask("authorize", url=url)

token = session.fetch_token(meta["token_endpoint"], authorization_response=callback, client_secret=client_secret, code_verifier=verifier)
key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(token["id_token"])
claims = jwt.decode(token["id_token"], key.key, algorithms=meta["id_token_signing_alg_values_supported"], audience=client_id, issuer=issuer, leeway=30)
if claims.get("nonce") != nonce:
    fail("the ID token's nonce is not this request's")

userinfo = session.get(meta["userinfo_endpoint"], timeout=10).json()
refreshed = session.refresh_token(meta["token_endpoint"], client_id=client_id, client_secret=client_secret)
revoked = requests.post(meta["revocation_endpoint"], data={"token": refreshed["refresh_token"], "token_type_hint": "refresh_token"}, auth=(client_id, client_secret), timeout=10)
reuse = requests.post(meta["token_endpoint"], data={"grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}, auth=(client_id, client_secret), timeout=10)

landed = ask("logout", url=meta["end_session_endpoint"] + "?" + urlencode({"id_token_hint": token["id_token"], "post_logout_redirect_uri": post_logout_uri}))
say("done", sub=claims["sub"], name=userinfo.get("name"), alg=jwt.get_unverified_header(token["id_token"])["alg"], rotated=refreshed["refresh_token"] != token["refresh_token"], revoke_status=revoked.status_code, reuse_error=reuse.json().get("error"), logged_out_to=landed)
