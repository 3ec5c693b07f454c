# helm test passes (its curl image built here, set through test.image.*)
scenario_steps() {
  local t0=${SECONDS}
  if ! "${HELM}" test "${RELEASE}" -n "${RELEASE_NS}" --logs --timeout 3m >> "${SLOG}" 2>&1; then
    note "helm test failed"
    return 1
  fi
  grep -q 'Phase:.*Succeeded' "${SLOG}" || { note "no succeeded test phase in helm's output"; return 1; }
  grep -q 'webhook answered over TLS' "${SLOG}" || { note "the test pod's log lacks its final line"; return 1; }
  info "helm test: Succeeded in $((SECONDS - t0))s (image ${CURL_REF}; health over the Service's DNS name, a review over TLS)"
}
