"""A relying party built on Authlib (Debian's python3-authlib) that authenticates to Portico with a JWT
instead of a secret, run by test/independent-client-auth.test.ts: private_key_jwt (RFC 7523, Authlib's
PrivateKeyJWT, signed with the application's own private key) or client_secret_jwt (ClientSecretJWT,
HS256 with the client secret), for the code flow with PKCE, refresh and revocation. The ID token is
checked by Authlib against Portico's JWKS and again by PyJWT, which accepts only the algorithm the
application was registered with (an RS256-only relying party, as OIDC Core's default expects)."""
import json
import secrets
import sys

import jwt as pyjwt
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.rfc7523 import ClientSecretJWT, PrivateKeyJWT
from authlib.oidc.core import CodeIDToken

from rp_io import ask, fail, say

# issuer, client_id, redirect_uri, method, credential (the private JWK as JSON, or the client secret),
# and the one algorithm the RP accepts for ID tokens.
issuer, client_id, redirect_uri, method, credential, id_token_alg = sys.argv[1:7]
meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
if meta["issuer"] != issuer:
    fail("discovery names another issuer")
if method not in meta["token_endpoint_auth_methods_supported"]:
    fail(method + " is not offered by discovery")

if method == "private_key_jwt":
    private_jwk = json.loads(credential)
    # Without an endpoint Authlib makes each assertion's audience the URL it is sent to (token, revocation).
    auth = PrivateKeyJWT(alg=private_jwk["alg"])
    secret = JsonWebKey.import_key(private_jwk)
else:
    auth = ClientSecretJWT()
    secret = credential

session = OAuth2Session(client_id, secret, scope="openid profile offline_access", redirect_uri=redirect_uri, code_challenge_method="S256", token_endpoint_auth_method=method, revocation_endpoint_auth_method=method)
session.register_client_auth_method(auth)

verifier = secrets.token_urlsafe(48)
nonce = secrets.token_urlsafe(16)
url, state = session.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce, prompt="consent")
callback = ask("authorize", url=url)
token = session.fetch_token(meta["token_endpoint"], authorization_response=callback, code_verifier=verifier, state=state)

jwks = requests.get(meta["jwks_uri"], timeout=10).json()
claims = jwt.decode(token["id_token"], JsonWebKey.import_key_set(jwks), claims_cls=CodeIDToken, claims_options={"iss": {"essential": True, "value": issuer}}, claims_params={"nonce": nonce, "client_id": client_id, "access_token": token["access_token"]})
claims.validate(leeway=30)
# PyJWT, told to accept the one algorithm: a token signed otherwise is refused.
signing_key = pyjwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(token["id_token"])
pyjwt_claims = pyjwt.decode(token["id_token"], signing_key.key, algorithms=[id_token_alg], audience=client_id, issuer=issuer, leeway=30)

refreshed = session.refresh_token(meta["token_endpoint"], refresh_token=token["refresh_token"])
revoked = session.revoke_token(meta["revocation_endpoint"], token=refreshed["refresh_token"], token_type_hint="refresh_token")
# The revoked refresh token is refused: the same JWT authentication, a fresh assertion (its own jti).
reuse = session.post(meta["token_endpoint"], data={"grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}, auth=session.client_auth(method), withhold_token=True, timeout=10)

say(
    "done",
    sub=claims["sub"],
    pyjwt_sub=pyjwt_claims["sub"],
    alg=pyjwt.get_unverified_header(token["id_token"])["alg"],
    rotated=refreshed["refresh_token"] != token["refresh_token"],
    revoke_status=revoked.status_code,
    reuse_error=reuse.json().get("error"),
)
