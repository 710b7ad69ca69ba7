{{/* Names and labels shared by every template. */}}

{{- define "pullwarden.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already contains the chart name. */}}
{{- define "pullwarden.fullname" -}}
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

{{- define "pullwarden.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. Note: app.kubernetes.io/managed-by is Helm here; the agent marks the pull Secrets it
writes with managed-by=pullwarden, and the chart creates no Secret, so the two never meet.
*/}}
{{- define "pullwarden.labels" -}}
helm.sh/chart: {{ include "pullwarden.chart" . }}
{{ include "pullwarden.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pullwarden
{{- end }}

{{- define "pullwarden.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pullwarden.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pullwarden.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pullwarden.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pullwarden.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the image keeps the built-in plugins (image/pom.xml, PULLWARDEN_PLUGINS_DIR in the image). */}}
{{- define "pullwarden.builtinPluginsDir" -}}
/opt/pullwarden/plugins
{{- end }}

{{/* The emptyDir the init container fills with built-in and extra plugins. */}}
{{- define "pullwarden.pluginsDir" -}}
/var/lib/pullwarden/plugins
{{- end }}

{{- define "pullwarden.extraPluginsDir" -}}
/var/lib/pullwarden/extra-plugins
{{- end }}

{{/* The user name the API server gives tokens of the agent's ServiceAccount; the policies key on it. */}}
{{- define "pullwarden.agentUsername" -}}
system:serviceaccount:{{ .Release.Namespace }}:{{ include "pullwarden.serviceAccountName" . }}
{{- end }}

{{/*
ValidatingAdmissionPolicy is admissionregistration.k8s.io/v1 from Kubernetes 1.30 on. When Helm
talks to a cluster (install, upgrade, --dry-run=server), its capabilities list served kinds such as
v1/Secret; a cluster that lacks the policy kind then fails here with the way out, instead of with
Helm's "no matches for kind". helm template knows no cluster and renders as asked.
*/}}
{{- define "pullwarden.requireAdmissionPolicies" -}}
{{- $caps := .Capabilities.APIVersions }}
{{- if and ($caps.Has "v1/Secret") (not ($caps.Has "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy")) }}
{{- fail "admissionPolicies.enabled needs ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30 or later), which this cluster does not serve; upgrade the cluster or set admissionPolicies.enabled=false" }}
{{- end }}
{{- end }}
