# helm install with the image built here: 2/2 replicas Ready, non-root, read-only root filesystem, TLS by BoringSSL (unpacked in the image)
two_ready() { [ "$(ready_replicas)" = 2 ]; }

scenario_steps() {
  local t0=${SECONDS} pod pid
  helm_mg install --create-namespace --wait --timeout 5m || { note "helm install failed"; return 1; }
  eventually 30 two_ready || return 1
  info "helm install --wait: 2/2 replicas Ready in $((SECONDS - t0))s (image ${WEBHOOK_REF}, pullPolicy Never)"
  kc get validatingwebhookconfiguration "${RELEASE}" -o 'jsonpath={.webhooks[0].clientConfig.service.name}.{.webhooks[0].clientConfig.service.namespace}:{.webhooks[0].clientConfig.service.port}'
  expect_ok "${RELEASE}.${RELEASE_NS}:443" || return 1
  info "webhook configuration calls the Service ${OUT}"
  for pod in $(webhook_pods); do
    kc -n "${RELEASE_NS}" logs "${pod}"
    refute_output 'forbidden' 'Forbidden' || return 1
    # The image carries BoringSSL unpacked and what its library needs.
    expect_output 'HTTPS: TLS by OpenSSL (BoringSSL)' || return 1
    pid="$(container_pid "${pod}")"
    [ -n "${pid}" ] || { note "no host pid for ${pod}"; return 1; }
    # Read from the host: the process's uids and whether its root mount is read-only.
    local uid ro
    uid="$(awk '/^Uid:/ { print $2 }' "/proc/${pid}/status")"
    ro="$(awk '$2 == "/" { print $4 }' "/proc/${pid}/mounts" | cut -d, -f1)"
    note "${pod}: pid ${pid}, uid ${uid}, root mount ${ro}"
    [ "${uid}" = 185 ] || { note "${pod} runs as uid ${uid}, not 185"; return 1; }
    [ "${ro}" = ro ] || { note "${pod}'s root filesystem is mounted ${ro}"; return 1; }
    # Loaded from the image's lib/native (the entrypoint's java.library.path), not unpacked into /tmp.
    grep -q '/deployments/lib/native/libnetty_tcnative' "/proc/${pid}/maps" \
      || { note "${pod}: BoringSSL not mapped from /deployments/lib/native: $(grep tcnative "/proc/${pid}/maps" | head -n 1)"; return 1; }
  done
  info "both replicas: uid 185, root filesystem read-only, TLS by BoringSSL from the image's lib/native, no RBAC refusal in their logs"
}
