#!/usr/bin/env python3
"""Writes the benchmark's request mix: admission.k8s.io/v1 AdmissionReviews, one JSON file each.

Run from anywhere: python3 src/bench/mix/make-mix.py (rewrites the *.json files beside it and order.txt).
order.txt is the rotation the load generators follow (a name may appear more than once: its weight).
"""
import copy
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NS = "shop"


def review(name, obj, operation="CREATE", old=None, group="", version="v1", kind=None, resource=None):
    kind = kind or obj["kind"]
    resource = resource or kind.lower() + "s"
    req = {
        "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "manifest-guard-bench/" + name)),
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource},
        "requestKind": {"group": group, "version": version, "kind": kind},
        "requestResource": {"group": group, "version": version, "resource": resource},
        "name": obj["metadata"]["name"],
        "namespace": obj["metadata"].get("namespace", NS),
        "operation": operation,
        "userInfo": {"username": "system:serviceaccount:argocd:argocd-application-controller",
                     "uid": "0c7f9a54-1f3e-4c57-9d49-2b3d3f6a3d11",
                     "groups": ["system:serviceaccounts", "system:serviceaccounts:argocd", "system:authenticated"]},
        "object": obj,
        "oldObject": old,
        "dryRun": False,
        "options": {"kind": "CreateOptions" if operation == "CREATE" else "UpdateOptions",
                    "apiVersion": "meta.k8s.io/v1", "fieldManager": "argocd-controller"},
    }
    return {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": req}


def labels(app):
    return {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": "shop",
            "app.kubernetes.io/managed-by": "argocd"}


def container(name, image, port=8080, mem="256Mi", cpu="100m", probes=True, hardened=True):
    c = {
        "name": name,
        "image": image,
        "ports": [{"name": "http", "containerPort": port, "protocol": "TCP"}],
        "env": [{"name": "LOG_LEVEL", "value": "info"},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
        "resources": {"requests": {"cpu": cpu, "memory": mem}, "limits": {"memory": mem}},
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    if probes:
        c["readinessProbe"] = {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5}
        c["livenessProbe"] = {"httpGet": {"path": "/live", "port": "http"}, "periodSeconds": 10}
    if hardened:
        c["securityContext"] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]},
                                "seccompProfile": {"type": "RuntimeDefault"}}
    return c


def pod_spec(containers):
    return {"serviceAccountName": "default", "automountServiceAccountToken": False,
            "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001,
                                "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": containers, "volumes": [{"name": "tmp", "emptyDir": {}}]}


def small_pod():
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "cart-7d9f8b6c5-x2x9k", "namespace": NS, "labels": labels("cart"),
                         "generateName": "cart-7d9f8b6c5-"},
            "spec": pod_spec([container("cart", "registry.example.com/shop/cart:1.8.2")])}


def privileged_pod():
    c = container("debug", "registry.example.com/tools/netshoot:0.13", hardened=False)
    c["securityContext"] = {"privileged": True}
    spec = pod_spec([c])
    spec["hostNetwork"] = True
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "node-debugger", "namespace": NS, "labels": labels("debug")},
            "spec": spec}


def deployment(name="frontend", replicas=3):
    cs = [container("web", "registry.example.com/shop/frontend:2.4.0"),
          container("auth-proxy", "registry.example.com/infra/oauth2-proxy:7.6.0", port=4180, mem="64Mi"),
          container("log-shipper", "registry.example.com/infra/fluent-bit:latest", port=2020, mem="48Mi",
                    probes=False),
          container("metrics", "registry.example.com/infra/statsd-exporter:0.26.1", port=9102, mem="32Mi")]
    spec = pod_spec(cs)
    spec["initContainers"] = [container("migrate", "registry.example.com/shop/frontend:2.4.0", probes=False)]
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": NS, "labels": labels(name),
                         "annotations": {"deployment.kubernetes.io/revision": "12"}},
            "spec": {"replicas": replicas, "revisionHistoryLimit": 5,
                     "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                     "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                     "template": {"metadata": {"labels": labels(name)}, "spec": spec}}}


def rolebinding():
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"name": "cart-reader", "namespace": NS, "labels": labels("cart")},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "config-reader"},
            "subjects": [{"kind": "ServiceAccount", "name": "cart", "namespace": NS},
                         {"kind": "Group", "name": "shop-developers", "apiGroup": "rbac.authorization.k8s.io"}]}


def pvc():
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "orders-db-data", "namespace": NS, "labels": labels("orders-db")},
            "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard-rwo",
                     "resources": {"requests": {"storage": "20Gi"}}}}


def rollout(name, n, bad_memory=False):
    cs = []
    for i in range(n):
        c = container("worker-%03d" % i, "registry.example.com/batch/worker:3.1.%d" % (i % 7),
                      port=9000 + i, mem="128Mi", cpu="50m")
        if bad_memory and i == n // 2:
            c["resources"]["limits"]["memory"] = "-512Mi"
        cs.append(c)
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": name, "namespace": NS, "labels": labels(name)},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                     "strategy": {"canary": {"steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}},
                                                       {"setWeight": 60}, {"pause": {"duration": "5m"}}]}},
                     "template": {"metadata": {"labels": labels(name)}, "spec": pod_spec(cs)}}}


def main():
    items = {
        "pod-small": (review("pod-small", small_pod(), resource="pods"), True),
        "pod-privileged": (review("pod-privileged", privileged_pod(), resource="pods"), False),
        "deployment-5c": (review("deployment-5c", deployment(), group="apps"), True),
        "rolebinding": (review("rolebinding", rolebinding(), group="rbac.authorization.k8s.io"), True),
        "pvc": (review("pvc", pvc(), resource="persistentvolumeclaims"), True),
        "rollout-200c": (review("rollout-200c", rollout("batch-workers", 200), group="argoproj.io",
                                version="v1alpha1"), True),
        "rollout-negative-memory": (review("rollout-negative-memory", rollout("report-workers", 20, True),
                                           group="argoproj.io", version="v1alpha1"), False),
    }
    old = deployment()
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 5
    new["spec"]["template"]["spec"]["containers"][0]["image"] = "registry.example.com/shop/frontend:2.5.0"
    items["deployment-update"] = (review("deployment-update", new, operation="UPDATE", old=old, group="apps"), True)

    for name, (body, _) in items.items():
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(body, f, separators=(",", ":"))
            f.write("\n")
    # Rotation: mostly small objects, as an apiserver sees them; one 200-container Rollout in 12 requests.
    order = ["pod-small", "deployment-5c", "pod-small", "rolebinding", "pvc", "pod-privileged",
             "deployment-update", "pod-small", "rollout-200c", "pod-small", "rollout-negative-memory",
             "deployment-5c"]
    with open(os.path.join(HERE, "order.txt"), "w") as f:
        f.write("\n".join(order) + "\n")
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.write("# mix item\texpected allowed\n")
        for name, (_, allowed) in items.items():
            f.write("%s\t%s\n" % (name, "true" if allowed else "false"))


if __name__ == "__main__":
    main()
