"""A machine-to-machine client built on Authlib (Debian's python3-authlib), run by
test/independent-m2m.test.ts: discovery, then the client credentials grant (RFC 6749 §4.4) for one
registered API named with `resource` (RFC 8707), the client authenticated with client_secret_basic.
The access token is then checked as the API (a resource server) would check it, with PyJWT against
the provider's JWKS (RFC 9068 §4): typ at+jwt, the one algorithm the API expects, issuer, audience,
expiry, and the claims RFC 9068 §2.2 requires."""
import sys

import jwt as pyjwt
import requests
from authlib.integrations.requests_client import OAuth2Session

from rp_io import fail, say

issuer, client_id, client_secret, resource, scope, alg = sys.argv[1:7]
meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
if meta["issuer"] != issuer:
    fail("discovery names another issuer")
if "client_credentials" not in meta["grant_types_supported"]:
    fail("discovery does not offer client_credentials")

session = OAuth2Session(client_id, client_secret, scope=scope, token_endpoint_auth_method="client_secret_basic")
token = session.fetch_token(meta["token_endpoint"], grant_type="client_credentials", resource=resource)

# The resource server's side: only what it was configured with (the issuer, its own identifier, its algorithm).
access_token = token["access_token"]
header = pyjwt.get_unverified_header(access_token)
if header.get("typ") != "at+jwt":
    fail("the access token's typ is " + repr(header.get("typ")))
signing_key = pyjwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(access_token)
claims = pyjwt.decode(
    access_token,
    signing_key.key,
    algorithms=[alg],
    audience=resource,
    issuer=issuer,
    options={"require": ["iss", "exp", "aud", "sub", "iat", "jti", "client_id"]},
)

# A token for another API is refused by this one.
try:
    pyjwt.decode(access_token, signing_key.key, algorithms=[alg], audience="https://another-api.example.com", issuer=issuer)
    fail("a token for this API was accepted by another")
except pyjwt.InvalidAudienceError:
    pass

say(
    "done",
    token_type=token["token_type"],
    expires_in=token["expires_in"],
    alg=header["alg"],
    sub=claims["sub"],
    client_id=claims["client_id"],
    aud=claims["aud"],
    scope=claims.get("scope"),
    lifetime=claims["exp"] - claims["iat"],
)
