{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "aegis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name used as the prefix of every object: <release>-<name>, or the release name alone
when it already contains the chart name. Truncated to 63 characters (DNS label limit).
*/}}
{{- define "aegis.fullname" -}}
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

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "aegis.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object. helm.sh/chart and app.kubernetes.io/version change on upgrade, so
they are here and never in aegis.selectorLabels (selectors are immutable).
*/}}
{{- define "aegis.labels" -}}
helm.sh/chart: {{ include "aegis.chart" . }}
{{ include "aegis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aegis
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels: stable for the life of the release.
*/}}
{{- define "aegis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aegis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: authz
{{- end }}

{{/*
ServiceAccount name.
*/}}
{{- define "aegis.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aegis.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image: repository@digest when a digest is set, else repository:tag (tag defaults
to the chart's appVersion).
*/}}
{{- define "aegis.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Name of the policy ConfigMap mounted at /etc/aegis/policy/, or "" when the embedded default
policy is used.
*/}}
{{- define "aegis.policyConfigMapName" -}}
{{- if .Values.policy.existingConfigMap }}
{{- .Values.policy.existingConfigMap }}
{{- else if .Values.policy.files }}
{{- printf "%s-policy" (include "aegis.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Namespace of the Istio resources (WasmPlugin, AuthorizationPolicy).
*/}}
{{- define "aegis.istioNamespace" -}}
{{- default .Release.Namespace .Values.istio.namespace }}
{{- end }}

{{/*
Host of the authz Service as Istio's extension provider names it.
*/}}
{{- define "aegis.providerService" -}}
{{- default (printf "%s.%s.svc.cluster.local" (include "aegis.fullname" .) .Release.Namespace) .Values.istio.extensionProvider.service }}
{{- end }}

{{/*
Workload selection shared by the WasmPlugin and the AuthorizationPolicy: targetRefs when
given, else selector.matchLabels, which must not be empty (an empty selector in the Istio
root namespace would put Aegis in front of every workload of the mesh).
*/}}
{{- define "aegis.istioWorkloadSelection" -}}
{{- if .Values.istio.targetRefs }}
targetRefs:
  {{- toYaml .Values.istio.targetRefs | nindent 2 }}
{{- else if .Values.istio.selector.matchLabels }}
selector:
  matchLabels:
    {{- toYaml .Values.istio.selector.matchLabels | nindent 4 }}
{{- else }}
{{- fail "istio.selector.matchLabels (or istio.targetRefs) is required when istio.enabled: select the gateway or workload that receives LLM calls" }}
{{- end }}
{{- end }}

{{/*
The meshConfig.extensionProviders entry that the CUSTOM AuthorizationPolicy refers to.
Istio cannot take it from a namespaced object: it is part of istiod's mesh config.
*/}}
{{- define "aegis.extensionProvider" -}}
{{- $p := .Values.istio.extensionProvider -}}
name: {{ $p.name }}
envoyExtAuthzGrpc:
  service: {{ include "aegis.providerService" . }}
  port: {{ .Values.service.grpcPort }}
  timeout: {{ $p.timeout }}
  failOpen: {{ $p.failOpen }}
  statusOnError: {{ $p.statusOnError | quote }}
  {{- if $p.includeRequestBodyInCheck.enabled }}
  includeRequestBodyInCheck:
    maxRequestBytes: {{ $p.includeRequestBodyInCheck.maxRequestBytes | int }}
    allowPartialMessage: {{ $p.includeRequestBodyInCheck.allowPartialMessage }}
    packAsBytes: {{ $p.includeRequestBodyInCheck.packAsBytes }}
  {{- end }}
{{- end }}
