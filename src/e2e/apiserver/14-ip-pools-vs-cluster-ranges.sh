# IP pools vs the cluster's ranges: pod pool in the ServiceCIDR, load-balancer pool on a Node's podCIDR rejected
lb_pool_denied() { # lb_pool_denied NAME CIDR: a LoadBalancer pool overlapping a Node's podCIDR
  kc apply -f - < <(ippool "$1" "$2"; printf '  allowedUses: [LoadBalancer]\n')
  if [ "${RC}" -eq 0 ]; then kc delete ippool "$1" --wait=false; return 1; fi
  expect_denied '[cidr-overlap] spec.cidr' 'pod CIDR 10.244.1.0/24 of Node e2e-node-1'
}

scenario_steps() {
  install_crd ippools.crd.projectcalico.org < <(ippool_crd) || return 1
  kc get servicecidrs -o 'jsonpath={range .items[*]}{.metadata.name}={.spec.cidrs}{" "}{end}'
  info "ServiceCIDRs: ${OUT% }"
  eventually 30 pool_denied pool-in-services 10.96.0.0/16 || return 1
  info "$(grep -F '[cidr-overlap]' <<<"${OUT}" | head -n 1)"
  # A pod pool may contain Nodes' podCIDRs (they are carved from it); a load-balancer pool may not.
  kc apply -f - < <(node e2e-node-1 10.244.1.0/24)
  expect_ok 'node/e2e-node-1 created' || return 1
  eventually 30 lb_pool_denied lb-in-nodes 10.244.0.0/16 || return 1
  info "$(grep -F '[cidr-overlap]' <<<"${OUT}" | head -n 1)"
  kc apply -f - < <(ippool pods-with-nodes 10.244.0.0/16)
  expect_ok 'ippool.crd.projectcalico.org/pods-with-nodes created'
}
