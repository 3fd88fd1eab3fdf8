"""The receiving side of OpenID Connect Back-Channel Logout 1.0, written with PyJWT (Debian's
python3-jwt) and nothing of Portico's: validates one logout token, read from stdin, as an application
must (§2.6), for the issuer and client id given as arguments. Prints one JSON line: the token's sub
and sid when it is valid, else the first rule it breaks."""
import json
import sys

import jwt
import requests

EVENT = "http://schemas.openid.net/event/backchannel-logout"


def validate(issuer, client_id, token):
    meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
    if meta["issuer"] != issuer:
        raise ValueError("discovery names another issuer")
    header = jwt.get_unverified_header(token)
    # §2.4: explicitly typed, so that an ID token can never pass for a logout token (RFC 8725 §3.11).
    if header.get("typ") != "logout+jwt":
        raise ValueError("typ is not logout+jwt")
    algorithms = meta["id_token_signing_alg_values_supported"]
    if header.get("alg") not in algorithms or header.get("alg") == "none":
        raise ValueError("signed with an algorithm the OP does not offer")
    key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(token)
    # §2.6 step 3: signature, iss, aud and iat as for an ID token (Core §3.1.3.7), and not expired.
    claims = jwt.decode(
        token, key.key, algorithms=algorithms, audience=client_id, issuer=issuer, leeway=30,
        options={"require": ["iss", "aud", "iat", "exp", "jti"]},
    )
    # §2.6 steps 4-6.
    if "sub" not in claims and "sid" not in claims:
        raise ValueError("neither sub nor sid")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(EVENT), dict):
        raise ValueError("no back-channel logout event")
    if "nonce" in claims:
        raise ValueError("a nonce is present")
    return claims


issuer, client_id = sys.argv[1:3]
try:
    claims = validate(issuer, client_id, sys.stdin.read().strip())
    print(json.dumps({"valid": True, "sub": claims.get("sub"), "sid": claims.get("sid"), "jti": claims["jti"]}), flush=True)
except (jwt.PyJWTError, ValueError) as error:
    print(json.dumps({"valid": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
