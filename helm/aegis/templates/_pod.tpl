{{/*
Environment of the authz container (docs/architecture.md, "Files and environment").
*/}}
{{- define "aegis.env" -}}
- name: NODE_ENV
  value: {{ .Values.config.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
# Admin HTTP (health, metrics) on all interfaces: the kubelet and Prometheus reach it by pod IP.
- name: PORT
  value: {{ .Values.service.adminPort | quote }}
- name: AEGIS_ADMIN_HOST
  value: "0.0.0.0"
- name: AEGIS_GRPC_PORT
  value: {{ .Values.service.grpcPort | quote }}
- name: AEGIS_GRPC_HOST
  value: "0.0.0.0"
- name: AEGIS_WORKERS
  value: {{ .Values.config.workers | quote }}
- name: AEGIS_REQUIRE_FILTER
  value: {{ .Values.config.requireFilter | quote }}
- name: AEGIS_SHUTDOWN_GRACE_MS
  value: {{ .Values.config.shutdownGraceMs | int | quote }}
- name: AEGIS_RELOAD_INTERVAL_MS
  value: {{ .Values.config.reloadIntervalMs | int | quote }}
- name: RATE_LIMIT_MAX
  value: {{ .Values.config.rateLimitMax | quote }}
- name: DRY_RUN
  value: {{ .Values.config.dryRun | quote }}
- name: ML_ENABLED
  value: {{ .Values.config.ml.enabled | quote }}
{{- with .Values.config.ml.modelDir }}
- name: ML_MODEL_DIR
  value: {{ . | quote }}
{{- end }}
{{- with .Values.config.corsOrigins }}
- name: CORS_ORIGINS
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.existingSecretKey }}
{{- else if .Values.redis.url }}
- name: REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- end }}
{{- if include "aegis.policyConfigMapName" . }}
- name: AEGIS_POLICY_FILE
  value: /etc/aegis/policy
{{- end }}
{{- if .Values.apiKeys.existingSecret }}
- name: AEGIS_KEYS_FILE
  value: /etc/aegis/keys/keys.yaml
{{- end }}
{{- if .Values.providerKeys.existingSecret }}
{{- range $env, $key := .Values.providerKeys.secretKeys }}
{{- if $key }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.providerKeys.existingSecret }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Probes: all on GET /api/v1/health of the admin port.
*/}}
{{- define "aegis.probes" -}}
{{- $p := .Values.probes -}}
{{- if $p.startup.enabled }}
startupProbe:
  httpGet:
    path: /api/v1/health
    port: http-admin
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.startup.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
{{- end }}
{{- if $p.liveness.enabled }}
livenessProbe:
  httpGet:
    path: /api/v1/health
    port: http-admin
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
{{- end }}
{{- if $p.readiness.enabled }}
readinessProbe:
  httpGet:
    path: /api/v1/health
    port: http-admin
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
  successThreshold: {{ $p.readiness.successThreshold }}
{{- end }}
{{- end }}

{{/*
checksum/policy: the policy ConfigMap's content. Running pods hot-reload a changed policy;
the rollout makes the change visible as a new ReplicaSet that `helm rollback` and
`kubectl rollout undo` can revert, and proves the new policy loads at start-up.
*/}}
{{- define "aegis.policyChecksum" -}}
{{- toJson (dict "files" .Values.policy.files "existingConfigMap" .Values.policy.existingConfigMap) | sha256sum }}
{{- end }}

{{/*
checksum/secrets: the Secrets the pods read are referenced, not rendered, so their content
is hashed only where Helm can read it (install/upgrade against a cluster; `helm template`
sees nothing), plus the references themselves and secretsRevision, which users bump when a
Secret changed outside Helm.
*/}}
{{- define "aegis.secretsChecksum" -}}
{{- $live := dict -}}
{{- range $name := list .Values.apiKeys.existingSecret .Values.providerKeys.existingSecret .Values.redis.existingSecret -}}
{{- if $name -}}
{{- $secret := lookup "v1" "Secret" $.Release.Namespace $name -}}
{{- $_ := set $live $name (($secret | default dict).data | default dict) -}}
{{- end -}}
{{- end -}}
{{- $inputs := dict
  "apiKeys" .Values.apiKeys
  "providerKeys" .Values.providerKeys
  "redisSecret" (list .Values.redis.existingSecret .Values.redis.existingSecretKey)
  "revision" .Values.secretsRevision
  "live" $live
-}}
{{- toJson $inputs | sha256sum }}
{{- end }}
