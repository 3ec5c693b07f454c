{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "manifest-guard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of every object of the release. A release called "manifest-guard" gives
plain "manifest-guard" rather than "manifest-guard-manifest-guard".
*/}}
{{- define "manifest-guard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "manifest-guard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "manifest-guard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "manifest-guard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "manifest-guard.labels" -}}
helm.sh/chart: {{ include "manifest-guard.chart" . }}
{{ include "manifest-guard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "manifest-guard.serviceName" -}}
{{- include "manifest-guard.fullname" . }}
{{- end }}

{{/* Secret holding tls.crt and tls.key that the pods mount. */}}
{{- define "manifest-guard.tlsSecretName" -}}
{{- if eq .Values.tls.mode "provided" }}
{{- required "tls.provided.secretName is required when tls.mode is provided" .Values.tls.provided.secretName }}
{{- else }}
{{- printf "%s-tls" (include "manifest-guard.fullname" .) }}
{{- end }}
{{- end }}

{{/* Name of the cert-manager Certificate for the serving certificate. */}}
{{- define "manifest-guard.servingCertName" -}}
{{- printf "%s-serving" (include "manifest-guard.fullname" .) }}
{{- end }}

{{- define "manifest-guard.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector of the webhook: the exclusions the chart always applies,
followed by the user's matchExpressions; the user's matchLabels are kept as they are.
*/}}
{{- define "manifest-guard.namespaceSelector" -}}
{{- $user := .Values.namespaceSelector | default dict }}
{{- $expressions := list
      (dict "key" "kubernetes.io/metadata.name" "operator" "NotIn" "values" (list .Release.Namespace "kube-system" | uniq))
      (dict "key" "manifest-guard.dev/ignore" "operator" "DoesNotExist") }}
{{- range $user.matchExpressions }}
{{- $expressions = append $expressions . }}
{{- end }}
{{- $selector := dict "matchExpressions" $expressions }}
{{- if $user.matchLabels }}
{{- $_ := set $selector "matchLabels" $user.matchLabels }}
{{- end }}
{{- toYaml $selector }}
{{- end }}
