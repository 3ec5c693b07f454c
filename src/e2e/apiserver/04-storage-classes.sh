# PVC: missing class rejected; no default class rejected; accepted after a default class
pvc() { # pvc NAMESPACE NAME [STORAGECLASS]
  local class_line=""
  [ -z "${3:-}" ] || class_line="storageClassName: $3"
  cat <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: $2
  namespace: $1
spec:
  ${class_line}
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
EOF
}

pvc_accepted() {
  kc apply -f - < <(pvc e2e-s4 data)
  expect_ok 'persistentvolumeclaim/data created'
}

scenario_steps() {
  local ns=e2e-s4
  mkns "${ns}" || return 1
  kc get storageclass -o name
  [ -z "${OUT}" ] || { note "expected no StorageClass at the start"; return 1; }
  kc apply -f - < <(pvc "${ns}" fast-data fast-ssd)
  expect_denied '[storage-class-missing] spec.storageClassName' || return 1
  info "$(grep -F '[storage-class-missing]' <<<"${OUT}" | head -n 1)"
  kc apply -f - < <(pvc "${ns}" data)
  expect_denied '[storage-no-default-class]' || return 1
  info "$(grep -F '[storage-no-default-class]' <<<"${OUT}" | head -n 1)"
  kc apply -f - <<'EOF'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: example.com/e2e
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
EOF
  expect_ok 'storageclass.storage.k8s.io/standard created' || return 1
  # The DefaultStorageClass admission plugin and our cache both learn of the class through a watch.
  eventually 20 pvc_accepted || return 1
  kc -n "${ns}" get pvc data -o 'jsonpath={.spec.storageClassName}'
  info "PVC data admitted with storageClassName '${OUT}' (set by the DefaultStorageClass plugin)"
}
