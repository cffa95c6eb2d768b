{{/* Names and labels shared by every manifest. */}}

{{- define "junction.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "junction.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "junction.labels" -}}
{{ include "junction.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Where the endpoint's secret is mounted; the app reads it with a file: source. */}}
{{- define "junction.endpointSecretDir" -}}/var/run/secrets/junction/endpoint{{- end -}}

{{/*
The most instances that can have work: each input partition is one task per sub-topology, owned
by one stream thread. Replicas, and KEDA's maximum, above it would idle.
*/}}
{{- define "junction.maxReplicas" -}}
{{- div (int .Values.kafka.inputPartitions) (int .Values.app.threads) | max 1 -}}
{{- end -}}

{{/*
Refuses values that would deploy something broken, at `helm install` time rather than in production.
*/}}
{{- define "junction.checks" -}}
{{- $grace := int .Values.terminationGracePeriodSeconds -}}
{{- $shutdown := int .Values.app.shutdownTimeoutSeconds -}}
{{- if le $grace $shutdown -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed app.shutdownTimeoutSeconds (%d): the kubelet would kill the pod before the sink drained and offsets committed" $grace $shutdown) -}}
{{- end -}}
{{- $max := int (include "junction.maxReplicas" .) -}}
{{- if and (not .Values.autoscaling.enabled) (gt (int .Values.replicas) $max) -}}
{{- fail (printf "replicas (%d) x app.threads (%d) exceeds kafka.inputPartitions (%d): the extra stream threads would idle" (int .Values.replicas) (int .Values.app.threads) (int .Values.kafka.inputPartitions)) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) $max) -}}
{{- fail (printf "autoscaling.minReplicas (%d) exceeds the partition bound (%d)" (int .Values.autoscaling.minReplicas) $max) -}}
{{- end -}}
{{- if and .Values.staticMembership.enabled (eq (toString (index .Values.kafka.properties "group.protocol")) "streams") -}}
{{- fail "staticMembership needs group.protocol=classic: the streams rebalance protocol supports group.instance.id only from Kafka 4.4 (and the app refuses it with the HTTP sink anyway)" -}}
{{- end -}}
{{- range $key, $value := .Values.kafka.properties -}}
{{- if regexMatch "(?i)(password|secret|jaas|token|credential|\\.key$)" $key -}}
{{- fail (printf "kafka.properties.%s looks like a secret: put it in a Secret and use kafka.secretProperties" $key) -}}
{{- end -}}
{{- end -}}
{{- if and (ne .Values.endpointAuth.type "none") (not .Values.endpointAuth.existingSecret) -}}
{{- fail "endpointAuth.existingSecret is required when endpointAuth.type is bearer or basic (the chart never holds the secret itself)" -}}
{{- end -}}
{{- end -}}
