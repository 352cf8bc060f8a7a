"""A small OpenID Connect provider on the loopback, for the sign-in tests (no outside call).

It does what FranceConnect or Keycloak do in the code flow: an authorisation
endpoint that sends the browser back with a code (the person "consents" at
once), a token endpoint that checks the client's secret and returns an
ID token signed RS256 carrying the nonce, a userinfo endpoint and a JWKS.
"""

import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class Provider:
    def __init__(self, *, client_id: str, client_secret: str, claims: dict):
        self.userinfo_as_jwt = False  # FranceConnect v2 signs the userinfo too
        self.client_id = client_id
        self.client_secret = client_secret
        self.claims = claims
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.logouts: list[dict] = []
        self.last_id_token = ""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _json(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                provider.requests.append(url.path)
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = f"{query['redirect_uri']}?" + urllib.parse.urlencode(
                        {"code": code, "state": query["state"]}
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self._json(401, {"error": "invalid_token"})
                    if provider.userinfo_as_jwt:
                        body = provider.signed(
                            {**provider.claims, "iss": provider.url, "aud": provider.client_id}
                        ).encode()
                        self.send_response(200)
                        self.send_header("Content-Type", "application/jwt")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        return
                    self._json(200, provider.claims)
                elif url.path == "/logout":
                    # end of the provider's session, then back to the service (FranceConnect's shape)
                    provider.logouts.append(query)
                    target = f"{query['post_logout_redirect_uri']}?" + urllib.parse.urlencode(
                        {"state": query["state"]}
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/jwks":
                    public = jwt.algorithms.RSAAlgorithm.to_jwk(
                        provider.key.public_key(), as_dict=True
                    )
                    self._json(200, {"keys": [{**public, "kid": "cle-1", "alg": "RS256"}]})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self):
                provider.requests.append(self.path)
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path != "/token":
                    return self._json(404, {"error": "not_found"})
                asked = provider.codes.pop(form.get("code", ""), None)
                if (
                    asked is None
                    or form.get("client_secret") != provider.client_secret
                    or form.get("redirect_uri") != asked["redirect_uri"]
                ):
                    return self._json(400, {"error": "invalid_grant"})
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = asked
                now = int(time.time())
                id_token = provider.signed(
                    {
                        "iss": provider.url,
                        "aud": provider.client_id,
                        "sub": provider.claims["sub"],
                        "iat": now,
                        "exp": now + 300,
                        "nonce": asked.get("nonce"),
                    }
                )
                provider.last_id_token = id_token
                self._json(
                    200, {"access_token": access, "id_token": id_token, "token_type": "Bearer"}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def signed(self, claims: dict) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "cle-1"})

    def __enter__(self) -> "Provider":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict:
        return {
            "OIDC_ENABLED": True,
            "OIDC_PROVIDER_NAME": "FranceConnect",
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_ISSUER": self.url,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.url}/logout",
            "OIDC_STORE_ID_TOKEN": True,
        }
