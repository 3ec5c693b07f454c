# policy file reloaded live (an invalid one refused); skip annotation turns a deny into audit
write_policy() { # write_policy < YAML: replaces the webhook's policy file atomically
  cat > "${RUN_DIR}/policy.yaml.new" && mv -f "${RUN_DIR}/policy.yaml.new" "${RUN_DIR}/policy.yaml"
}

latest_denied() {
  kc apply --dry-run=server -f - < <(deployment e2e-s13 latest-web "" nginx:latest)
  [ "${RC}" -ne 0 ] && expect_output '[image-tag-mutable] spec.template.spec.containers[0].image'
}

latest_warned() {
  kc apply --dry-run=server -f - < <(deployment e2e-s13 latest-web "" nginx:latest)
  expect_ok 'Warning: [image-tag-mutable]'
}

scenario_steps() {
  local ns=e2e-s13
  mkns "${ns}" || return 1
  # Per-object opt-out: the finding becomes audit (not shown, not denied).
  kc apply -f - < <(deployment "${ns}" skipped ghost \
    | sed 's/^  namespace: .*/&\n  annotations: {manifest-guard.dev\/skip: rbac-serviceaccount-missing}/')
  expect_ok 'deployment.apps/skipped created' || return 1
  refute_output 'rbac-serviceaccount-missing' || return 1
  grep -q 'Skip annotation turned \[rbac-serviceaccount-missing\].* on Deployment e2e-s13/skipped' "${RUN_DIR}/webhook.log" \
    || { note "the skip is not in the webhook log"; return 1; }
  info "skip annotation: a Deployment with a missing ServiceAccount is admitted, the skip logged"
  # The policy file is polled: turning image-tag-mutable into a deny takes effect without a restart.
  cp "${RUN_DIR}/policy.yaml" "${RUN_DIR}/policy.yaml.orig"
  local ok_before bad_before
  ok_before="$(metric 'manifest_guard_policy_reloads_total{' 'result="success"')"
  { printf 'rules:\n  image-tag-mutable: deny\n'; cat "${RUN_DIR}/policy.yaml.orig"; } | write_policy
  eventually 20 latest_denied || return 1
  info "policy reloaded (image-tag-mutable: deny): $(grep -F '[image-tag-mutable]' <<<"${OUT}" | head -n 1 | cut -c1-120)"
  # An invalid policy is refused and the previous one kept.
  bad_before="$(metric 'manifest_guard_policy_reloads_total{' 'result="failure"')"
  printf 'rules:\n  no-such-rule: deny\n' | write_policy
  local deadline=$((SECONDS + 20))
  until [ "$(metric 'manifest_guard_policy_reloads_total{' 'result="failure"')" -gt "${bad_before}" ]; do
    [ "${SECONDS}" -lt "${deadline}" ] || { note "no failed reload counted for an invalid policy"; return 1; }
    sleep 1
  done
  latest_denied || { note "the invalid policy replaced the previous one"; return 1; }
  info "invalid policy (unknown rule id): reload counted as failure, previous policy kept"
  write_policy < "${RUN_DIR}/policy.yaml.orig"
  eventually 20 latest_warned || return 1
  [ "$(metric 'manifest_guard_policy_reloads_total{' 'result="success"')" -ge $((ok_before + 2)) ] \
    || { note "expected two successful reloads counted"; return 1; }
  info "original policy restored: the same Deployment is admitted with a warning"
}
