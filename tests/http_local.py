"""A stand-in for an HTTP provider, on the loopback (127.0.0.1, a free port): the providers'
real classes talk to it through their real transport (urllib), never to the network.

It keeps every request it receives and answers what the test set: a status, a JSON body
(or raw bytes), after a delay if asked (a delay longer than the client's timeout is an
outage as the client sees it)."""

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class RequeteRecue:
    methode: str
    chemin: str
    parametres: dict[str, list[str]]
    entetes: dict[str, str]
    corps: bytes

    def json(self):
        return json.loads(self.corps)


class ServeurLocal:
    def __init__(self):
        self.recues: list[RequeteRecue] = []
        self.statut = 200
        self.reponse: dict | list | bytes = {}
        self.delai = 0.0
        self._liberer = threading.Event()
        self._serveur = ThreadingHTTPServer(("127.0.0.1", 0), self._gestionnaire())
        self._serveur.daemon_threads = True
        # A client gone before the answer (timeout): nothing to report.
        self._serveur.handle_error = lambda requete, adresse: None
        self.url = f"http://127.0.0.1:{self._serveur.server_port}"

    def repondre(self, statut: int = 200, reponse: dict | list | bytes | None = None, delai=0.0):
        self.statut, self.delai = statut, delai
        self.reponse = {} if reponse is None else reponse

    def demarrer(self) -> "ServeurLocal":
        threading.Thread(target=self._serveur.serve_forever, daemon=True).start()
        return self

    def arreter(self) -> None:
        self._liberer.set()
        self._serveur.shutdown()
        self._serveur.server_close()

    def _gestionnaire(self):
        serveur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def _traiter(self):
                adresse = urlsplit(self.path)
                longueur = int(self.headers.get("Content-Length") or 0)
                serveur.recues.append(
                    RequeteRecue(
                        methode=self.command,
                        chemin=adresse.path,
                        parametres=parse_qs(adresse.query),
                        entetes=dict(self.headers),
                        corps=self.rfile.read(longueur),
                    )
                )
                if serveur.delai:
                    serveur._liberer.wait(serveur.delai)
                corps = serveur.reponse
                if not isinstance(corps, bytes):
                    corps = json.dumps(corps, ensure_ascii=False).encode()
                self.send_response(serveur.statut)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(corps)))
                self.end_headers()
                self.wfile.write(corps)

            do_GET = do_POST = _traiter

            def log_message(self, *args):
                pass

        return Gestionnaire


def url_sans_serveur() -> str:
    """The URL of a loopback port nobody listens on: connection refused at once."""
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{prise.getsockname()[1]}"
