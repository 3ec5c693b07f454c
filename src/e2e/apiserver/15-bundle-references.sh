# Service, Ingress and PDB judged against the workload cache (warnings); a ConfigMap with broken JSON rejected
service() { # service NAMESPACE NAME APP
  cat <<EOF2
apiVersion: v1
kind: Service
metadata:
  name: $2
  namespace: $1
spec:
  selector: {app: $3}
  ports:
    - {name: http, port: 80, targetPort: 8080}
EOF2
}

ingress() { # ingress NAMESPACE NAME SERVICE
  cat <<EOF2
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: $2
  namespace: $1
spec:
  defaultBackend:
    service: {name: $3, port: {number: 80}}
EOF2
}

# The Service selecting web's pods passes once the cache has the Deployment (dry-run: nothing stored).
service_matches() {
  kc apply --dry-run=server -f - < <(service "$1" web web)
  expect_ok 'service/web created' && refute_output '[service-selector-matches-nothing]'
}

scenario_steps() {
  local ns=e2e-s15
  mkns "${ns}" || return 1
  kc apply -f - < <(deployment "${ns}" web)
  expect_ok 'deployment.apps/web created' || return 1
  eventually 20 service_matches "${ns}" || return 1
  kc apply -f - < <(service "${ns}" web web)
  expect_ok 'service/web created' || return 1
  kc apply --dry-run=server -f - < <(service "${ns}" typo wbe)
  expect_ok 'Warning: [service-selector-matches-nothing] spec.selector: no pod template matches the selector app=wbe in namespace "e2e-s15"' || return 1
  kc apply --dry-run=server -f - < <(ingress "${ns}" web web)
  expect_ok 'ingress.networking.k8s.io/web created' || return 1
  refute_output '[ingress-backend-missing]' || return 1
  kc apply --dry-run=server -f - < <(ingress "${ns}" shop missing)
  expect_ok 'Warning: [ingress-backend-missing] spec.defaultBackend.service.name: Service "missing" in namespace "e2e-s15" does not exist' || return 1
  kc apply --dry-run=server -f - <<EOF2
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${ns}}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
EOF2
  expect_ok 'Warning: [pdb-selector-matches-nothing] spec.minAvailable: minAvailable 1 is at least the 1 replicas' || return 1
  kc apply -f - <<EOF2
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: ${ns}}
data:
  app.json: |
    {"listen": ":8080", "upstreams": [{"name": "api"}
    }
EOF2
  expect_denied '[configmap-embedded-invalid] data[app.json]' 'at line 2, column 1 of the value' || return 1
  info "$(grep -F '[configmap-embedded-invalid]' <<<"${OUT}" | head -n 1 | cut -c1-200)"
}
