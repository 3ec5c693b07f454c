# Calico IPPool CRD installed after start is watched; an overlapping pool rejected
scenario_steps() {
  grep -q 'watching crd.projectcalico.org' "${RUN_DIR}/webhook.log" \
    && { note "the webhook watched IPPools before the CRD was installed"; return 1; }
  install_crd ippools.crd.projectcalico.org < <(ippool_crd) || return 1
  kc apply -f - < <(ippool pool-a 192.168.0.0/16)
  expect_ok 'ippool.crd.projectcalico.org/pool-a created' || return 1
  eventually 30 pool_denied pool-b 192.168.128.0/17 || return 1
  info "$(grep -F '[cidr-overlap]' <<<"${OUT}" | head -n 1)"
  grep -q 'watching crd.projectcalico.org/v1/IPPool' "${RUN_DIR}/webhook.log" \
    || { note "no 'watching crd.projectcalico.org/v1/IPPool' in the webhook log"; return 1; }
  kc apply -f - < <(ippool pool-c 10.10.0.0/16)
  expect_ok 'ippool.crd.projectcalico.org/pool-c created'
}
