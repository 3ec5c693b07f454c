#!/usr/bin/env python3
"""A minimal stand-in for the Kubernetes API server, for helm-ci.sh.

It holds one Secret, the chart's self-signed TLS Secret taken from a previous
render, so that `helm template --dry-run=server` sees the cluster the way
`helm upgrade` does and the chart's `lookup` can be tested without a cluster.
It answers just enough discovery for Helm's client and 404 to anything else.

usage: fake-apiserver.py RENDERED_WEBHOOK_YAML KUBECONFIG_TO_WRITE
"""

import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

NAMESPACE = "manifest-guard"
SECRET = "manifest-guard-tls"


def secret_from_render(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    data = dict(re.findall(r"^  (tls\.crt|tls\.key|ca\.crt): (\S+)$", text, re.M))
    if len(data) != 3:
        sys.exit(f"no TLS Secret with tls.crt, tls.key and ca.crt in {path}")
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "kubernetes.io/tls",
        "metadata": {
            "name": SECRET, "namespace": NAMESPACE, "uid": "0", "resourceVersion": "1",
            # Owned by the release, as after `helm install`.
            "labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"meta.helm.sh/release-name": "manifest-guard",
                            "meta.helm.sh/release-namespace": NAMESPACE},
        },
        "data": data,
    }


# Every kind the chart renders must be known, or Helm refuses to build the release.
KINDS = {
    "v1": [("configmaps", "ConfigMap", True), ("namespaces", "Namespace", False),
           ("pods", "Pod", True), ("secrets", "Secret", True), ("services", "Service", True),
           ("serviceaccounts", "ServiceAccount", True)],
    "apps/v1": [("deployments", "Deployment", True)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
    "rbac.authorization.k8s.io/v1": [("clusterroles", "ClusterRole", False),
                                     ("clusterrolebindings", "ClusterRoleBinding", False)],
    "admissionregistration.k8s.io/v1": [("validatingwebhookconfigurations",
                                         "ValidatingWebhookConfiguration", False)],
}
VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"]


def discovery():
    docs = {
        "/version": {"major": "1", "minor": "33", "gitVersion": "v1.33.0", "platform": "linux/amd64"},
        "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []},
    }
    groups = []
    for group_version, kinds in KINDS.items():
        path = "/api/v1" if group_version == "v1" else f"/apis/{group_version}"
        docs[path] = {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
                      "resources": [{"name": name, "singularName": "", "namespaced": namespaced,
                                     "kind": kind, "verbs": VERBS}
                                    for name, kind, namespaced in kinds]}
        if group_version != "v1":
            group, version = group_version.split("/")
            gv = {"groupVersion": group_version, "version": version}
            groups.append({"name": group, "versions": [gv], "preferredVersion": gv})
    docs["/apis"] = {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}
    return docs


DISCOVERY = discovery()


class Handler(BaseHTTPRequestHandler):
    secret = None

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        base = f"/api/v1/namespaces/{NAMESPACE}/secrets"
        if path in DISCOVERY:
            self.reply(200, DISCOVERY[path])
        elif path == f"{base}/{SECRET}":
            self.reply(200, self.secret)
        elif path in (base, "/api/v1/secrets"):
            # Helm's release storage: no release recorded.
            self.reply(200, {"apiVersion": "v1", "kind": "SecretList",
                             "metadata": {"resourceVersion": "1"}, "items": []})
        else:
            self.reply(404, {"apiVersion": "v1", "kind": "Status", "status": "Failure",
                             "reason": "NotFound", "code": 404, "message": f"{path} not found"})

    def reply(self, code, body):
        payload = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-apiserver: " + (fmt % args) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    Handler.secret = secret_from_render(sys.argv[1])
    server = HTTPServer(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    kubeconfig = {
        "apiVersion": "v1", "kind": "Config", "current-context": "fake",
        "clusters": [{"name": "fake", "cluster": {"server": url}}],
        "users": [{"name": "fake", "user": {"token": "fake"}}],
        "contexts": [{"name": "fake", "context": {"cluster": "fake", "user": "fake",
                                                  "namespace": NAMESPACE}}],
    }
    # Written last: the caller waits for this file to know the server is up.
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(kubeconfig, f)
    os.chmod(tmp, 0o600)
    os.replace(tmp, sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
