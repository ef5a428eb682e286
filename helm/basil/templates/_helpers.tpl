{{/* The chart's short name, overridable for forks that rename it. */}}
{{- define "basil.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object's name. A release already named after the chart is not repeated, so
`helm install basil` gives `basil-operator`, not `basil-basil-operator`.
*/}}
{{- define "basil.fullname" -}}
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

{{/* Chart name and version, for the helm.sh/chart label only. */}}
{{- define "basil.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the operator's pods. Only name and instance: a selector is immutable, so a
label that changes on upgrade (chart or app version) must never be part of it.
*/}}
{{- define "basil.selectorLabels" -}}
app.kubernetes.io/name: {{ include "basil.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels every object of the release carries. */}}
{{- define "basil.labels" -}}
helm.sh/chart: {{ include "basil.chart" . }}
{{ include "basil.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: basil
{{- end }}

{{/*
Labels of the ring pods the operator creates. The operator sets the same pair on every node pod
(plus basil.dev/ring); policies, budgets and monitors select on it.
*/}}
{{- define "basil.nodeSelectorLabels" -}}
app.kubernetes.io/name: basil-node
{{- end }}

{{/* The operator's service account name. */}}
{{- define "basil.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (printf "%s-operator" (include "basil.fullname" .)) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image reference; the tag defaults to the chart's appVersion. */}}
{{- define "basil.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The ring pods' image: node.image when set, else the operator's own image. */}}
{{- define "basil.nodeImage" -}}
{{- $repository := .Values.node.image.repository | default .Values.image.repository }}
{{- $tag := .Values.node.image.tag | default (.Values.image.tag | default .Chart.AppVersion) }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/*
The namespace whose rings this release serves: where ring pods run, so where the node
NetworkPolicy and PodDisruptionBudget go. An operator that watches every namespace serves its own.
*/}}
{{- define "basil.ringNamespace" -}}
{{- .Values.operator.watchNamespace | default .Release.Namespace }}
{{- end }}

{{/* The namespace the operator watches: empty means all, which namespaced RBAC cannot grant. */}}
{{- define "basil.watchNamespace" -}}
{{- if .Values.rbac.namespaced }}
{{- include "basil.ringNamespace" . }}
{{- else }}
{{- .Values.operator.watchNamespace }}
{{- end }}
{{- end }}
