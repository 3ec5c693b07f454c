#!/usr/bin/env python3
"""Writes one standalone, strict JSON schema per Kubernetes kind for kubeconform, from the apiserver's swagger.json.

Usage: k8s-json-schemas.py SWAGGER_JSON OUT_DIR

kubeconform downloads its schemas from GitHub by default, which the benchmark cannot reach; the same information is
in the OpenAPI document of the k8s.io/kubernetes Go module (api/openapi-spec/swagger.json). Each kind gets
OUT_DIR/<kind><suffix>.json, named as kubeconform's {{ .ResourceKind }}{{ .KindSuffix }} template expects
(pod-v1.json, deployment-apps-v1.json, rolebinding-rbac-v1.json). Every $ref is inlined ("standalone"), objects
refuse unknown fields ("strict"), every value may be null (manifests often carry `creationTimestamp: null`), and
int-or-string and quantity fields accept numbers as the apiserver does. A recursive reference (only the CRD schema
type has one) is left open ({}), so the files stay finite.
"""
import json
import os
import sys

QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"


def convert(node, defs, stack):
    if isinstance(node, list):
        return [convert(x, defs, stack) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in stack:
            return {}
        if name == QUANTITY:
            return {"oneOf": [{"type": ["string", "null"]}, {"type": "number"}]}
        return convert(defs[name], defs, stack | {name})
    if node.get("format") == "int-or-string":
        return {"oneOf": [{"type": ["string", "null"]}, {"type": "integer"}]}
    out = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key == "description":
            continue
        if key == "properties":
            out[key] = {k: convert(v, defs, stack) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
            out[key] = convert(value, defs, stack)
        else:
            out[key] = value
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    if kind == "object" and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def main():
    swagger, out_dir = sys.argv[1], sys.argv[2]
    with open(swagger) as f:
        defs = json.load(f)["definitions"]
    os.makedirs(out_dir, exist_ok=True)
    written = 0
    for name, schema in sorted(defs.items()):
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            group = gvk["group"].split(".")[0].lower()
            suffix = ("-" + group if group else "") + "-" + gvk["version"].lower()
            path = os.path.join(out_dir, gvk["kind"].lower() + suffix + ".json")
            with open(path, "w") as f:
                json.dump(convert(schema, defs, {name}), f, separators=(",", ":"))
            written += 1
    print(written)


if __name__ == "__main__":
    main()
