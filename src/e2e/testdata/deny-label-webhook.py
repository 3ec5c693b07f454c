#!/usr/bin/env python3
"""A minimal validating admission webhook for the harness smoke test.

Serves POST /validate over TLS on 127.0.0.1 (port 0 = any free port, written to
PORT_FILE) and denies every object that carries the label `smoke/deny`.
Usage: deny-label-webhook.py CERT KEY PORT_FILE
"""
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path.split("?")[0] != "/validate":
            self.send_error(404)
            return
        review = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        request = review["request"]
        labels = ((request.get("object") or {}).get("metadata") or {}).get("labels") or {}
        response = {"uid": request["uid"], "allowed": "smoke/deny" not in labels}
        if not response["allowed"]:
            response["status"] = {"code": 403, "message": "denied by the smoke webhook: label smoke/deny is set"}
        body = json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                           "response": response}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("webhook: " + (fmt % args) + "\n")


def main():
    cert, key, port_file = sys.argv[1:4]
    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
