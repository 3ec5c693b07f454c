# all replicas scaled to 0: checked namespaces fail closed (failurePolicy Fail), excluded namespaces and Nodes still work
no_replica() { [ -z "$(webhook_pods ALL)" ]; }
fails_closed() {
  kc apply -f - < <(configmap e2e-n10 while-down)
  [ "${RC}" -ne 0 ] && expect_output 'failed calling webhook "validate.manifest-guard.dev"'
}
verdicts_back() { missing_sa_denied e2e-n10 web; }

scenario_steps() {
  local ns=e2e-n10 ignored=e2e-n10-ignored
  mkns "${ns}" || return 1
  mkns "${ignored}" manifest-guard.dev/ignore=true || return 1
  kc -n "${RELEASE_NS}" scale deployment "${RELEASE}" --replicas=0 || return 1
  eventually 90 no_replica || return 1
  eventually 30 fails_closed || return 1
  info "checked namespace: $(grep -F 'failed calling webhook' <<<"${OUT}" | head -n 1 | cut -c1-220)"
  excluded_namespaces_work "${ignored}" 10.244.200.0/24 || return 1
  kc delete node e2e-node-while-down --wait=false
  kc -n "${RELEASE_NS}" scale deployment "${RELEASE}" --replicas=2 || return 1
  kc -n "${RELEASE_NS}" rollout status "deployment/${RELEASE}" --timeout=180s
  expect_ok || return 1
  eventually 60 verdicts_back || return 1
  info "scaled back to 2: verdicts return"
}
