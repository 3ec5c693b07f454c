# apiserver restarted: caches resync, missing ServiceAccount still rejected, existing ones accepted
scenario_steps() {
  local ns=e2e-s10
  mkns "${ns}" || return 1
  kc -n "${ns}" create serviceaccount before || return 1
  install_crd ippools.crd.projectcalico.org < <(ippool_crd) || return 1
  local t0=${SECONDS}
  "${CLUSTER}" restart-apiserver >>"${SLOG}" 2>&1 || { note "restart-apiserver failed"; return 1; }
  info "apiserver restarted in $((SECONDS - t0))s"
  kc -n "${ns}" create serviceaccount after || return 1
  eventually 60 missing_sa_denied "${ns}" ghost-user || return 1
  kc apply -f - < <(deployment "${ns}" uses-before before)
  expect_ok 'deployment.apps/uses-before created' || return 1
  kc apply -f - < <(deployment "${ns}" uses-after after)
  expect_ok 'deployment.apps/uses-after created' || return 1
  # IP pools have no live-GET fallback: an overlap is only seen once the IPPool watch has resynced.
  kc apply -f - < <(ippool pool-after-restart 172.16.0.0/16)
  expect_ok 'created' || return 1
  eventually 90 pool_denied pool-overlap-after-restart 172.16.8.0/24 || return 1
  info "IPPool cache resynced: $(grep -F '[cidr-overlap]' <<<"${OUT}" | head -n 1 | cut -c1-160)"
  curl -sf "http://127.0.0.1:${HTTP_PORT}/q/health/ready" >/dev/null || { note "webhook not ready"; return 1; }
}
