# warn findings appear as Warning: lines in kubectl's output
scenario_steps() {
  local ns=e2e-s8
  mkns "${ns}" || return 1
  kc apply -f - < <(deployment "${ns}" web "" nginx:latest)
  expect_ok 'deployment.apps/web created' 'Warning: [image-tag-mutable] spec.template.spec.containers[0].image' \
    'Warning: [probe-missing]' || return 1
  local warnings
  warnings="$(grep -c '^Warning: \[' <<<"${OUT}")"
  info "${warnings} Warning: lines, e.g. $(grep -F 'Warning: [image-tag-mutable]' <<<"${OUT}" | head -n 1)"
}
