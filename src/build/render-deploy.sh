#!/usr/bin/env bash
# Renders the plain manifests deploy/manifest-guard.yaml from the Helm chart.
#
#   src/build/render-deploy.sh            print the render on stdout
#   src/build/render-deploy.sh --write    rewrite deploy/manifest-guard.yaml
#   src/build/render-deploy.sh --check    exit 1 when the file differs from a fresh render
#
# The render uses the chart's default values except tls.mode=cert-manager: the
# self-signed mode needs `helm lookup` against a live cluster to keep its CA
# across upgrades, which plain manifests cannot do.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=src/build/tools.sh
source "${root}/src/build/tools.sh"

target="${root}/deploy/manifest-guard.yaml"
mode="${1:-print}"
case "${mode}" in
  print | --write | --check) ;;
  *)
    echo "usage: $0 [--write|--check]" >&2
    exit 2
    ;;
esac

render() {
  cat <<'EOF'
# manifest-guard: plain Kubernetes manifests.
#
# GENERATED FILE, do not edit: `src/build/render-deploy.sh --write` renders it
# from helm/manifest-guard with the default values and tls.mode=cert-manager,
# release name manifest-guard, namespace manifest-guard. CI fails when it
# differs from a fresh render.
#
# Requires cert-manager (https://cert-manager.io) in the cluster: it issues the
# webhook's serving certificate and injects the CA into the
# ValidatingWebhookConfiguration. Without it the pods stay in ContainerCreating
# (their TLS Secret never appears). For self-signed certificates without
# cert-manager, install the Helm chart instead.
#
#   kubectl apply -f deploy/manifest-guard.yaml
#   kubectl -n manifest-guard rollout status deployment/manifest-guard
---
apiVersion: v1
kind: Namespace
metadata:
  name: manifest-guard
  labels:
    # The webhook never validates its own namespace (see namespaceSelector).
    manifest-guard.dev/ignore: "true"
    pod-security.kubernetes.io/enforce: restricted
EOF
  "${HELM}" template manifest-guard "${root}/helm/manifest-guard" \
    --namespace manifest-guard \
    --set tls.mode=cert-manager \
    --skip-tests
}

mg_find_helm

case "${mode}" in
  print)
    render
    ;;
  --write)
    tmp="$(mktemp)"
    render >"${tmp}"
    mkdir -p "$(dirname "${target}")"
    chmod 0644 "${tmp}"
    mv "${tmp}" "${target}"
    echo "wrote ${target#"${root}/"}" >&2
    ;;
  --check)
    tmp="$(mktemp)"
    trap 'rm -f "${tmp}"' EXIT
    render >"${tmp}"
    if ! diff -u "${target}" "${tmp}" >&2; then
      echo "deploy/manifest-guard.yaml is out of date: run src/build/render-deploy.sh --write" >&2
      exit 1
    fi
    ;;
esac
