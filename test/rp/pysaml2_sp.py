"""A SAML service provider Portico did not write: Debian's pysaml2 (with xmlsec1), configured from Portico's
metadata. It signs an AuthnRequest (HTTP-Redirect, RSA-SHA256), validates the Response the browser brings
(signatures, audience, InResponseTo), then signs a LogoutRequest for that session and reads the LogoutResponse.

Usage: pysaml2_sp.py <portico url> <entity id> <acs url> <slo url> <key file> <cert file>
"""
import sys
import tempfile
import urllib.request
from urllib.parse import parse_qs, urlparse

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from rp_io import ask, fail, say

portico, entity_id, acs, slo, key_file, cert_file = sys.argv[1:7]

with tempfile.NamedTemporaryFile("wb", suffix=".xml", delete=False) as metadata:
    metadata.write(urllib.request.urlopen(portico + "/saml/metadata").read())

config = SPConfig()
config.load({
    "entityid": entity_id,
    "key_file": key_file,
    "cert_file": cert_file,
    "xmlsec_binary": "/usr/bin/xmlsec1",
    "metadata": {"local": [metadata.name]},
    "allow_unknown_attributes": True,
    "service": {"sp": {
        "endpoints": {
            "assertion_consumer_service": [(acs, BINDING_HTTP_POST)],
            "single_logout_service": [(slo, BINDING_HTTP_REDIRECT)],
        },
        "authn_requests_signed": True,
        "logout_requests_signed": True,
        "want_response_signed": True,
        "want_assertions_signed": True,
        "allow_unsolicited": False,
        "name_id_format": NAMEID_FORMAT_EMAILADDRESS,
    }},
})
client = Saml2Client(config=config)

request_id, info = client.prepare_for_authenticate(binding=BINDING_HTTP_REDIRECT, relay_state="pysaml2", sigalg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
location = dict(info["headers"])["Location"]
saml_response = ask("authorize", url=location)
response = client.parse_authn_request_response(saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"})
if response is None:
    fail("pysaml2 did not accept the Response")
identity = response.get_identity()
session_index = response.assertion.authn_statement[0].session_index

logouts = client.global_logout(response.name_id, sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
idp = next(iter(logouts))
binding, http_info = logouts[idp]
if binding != BINDING_HTTP_REDIRECT:
    fail("expected HTTP-Redirect for the LogoutRequest, got " + binding)
back = urlparse(ask("logout", url=dict(http_info["headers"])["Location"]))
query = parse_qs(back.query)
logout_response = client.parse_logout_request_response(query["SAMLResponse"][0], BINDING_HTTP_REDIRECT)
# The LogoutResponse's query signature (SAML Bindings §3.4.4.1), under a certificate from Portico's metadata.
signed = {k: v[0] for k, v in query.items()}
verified = "Signature" in signed and any(
    verify_redirect_signature(signed, client.sec.sec_backend, cert=cert) for cert in client.metadata.certs(idp, "idpsso", "signing"))
say(
    "done",
    nameId=response.name_id.text,
    attributes={k: v[0] for k, v in identity.items()},
    sessionIndex=session_index,
    logoutStatus=logout_response.response.status.status_code.value,
    logoutSignatureVerified=verified,
    logoutDestination="{}://{}{}".format(back.scheme, back.netloc, back.path),
)
