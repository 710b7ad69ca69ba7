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

{{/*
Whether to render a prometheus-operator object (ServiceMonitor, PrometheusRule): "true" when the
value enables it and monitoring.coreos.com/v1 is served. Enabled on a cluster that lacks the API
(Helm lists served kinds such as v1/Secret when it talks to one), this fails and says what to
install, instead of Helm's "no matches for kind". helm template knows no cluster: it renders the
object only when given `--api-versions monitoring.coreos.com/v1` (docs/adr/0018-chart-crds-monitoring-test-and-roles.md).
Call with (dict "context" $ "enabled" <bool> "kind" "ServiceMonitor" "value" "metrics.serviceMonitor.enabled").
*/}}
{{- define "pullwarden.monitoringObject" -}}
{{- $caps := .context.Capabilities.APIVersions }}
{{- if .enabled }}
{{- if or ($caps.Has "monitoring.coreos.com/v1") ($caps.Has (printf "monitoring.coreos.com/v1/%s" .kind)) }}
{{- "true" }}
{{- else if $caps.Has "v1/Secret" }}
{{- fail (printf "%s=true needs the Prometheus Operator's %s CRD (monitoring.coreos.com/v1), which this cluster does not serve; install the Prometheus Operator (e.g. the kube-prometheus-stack chart) first, or set %s=false" .value .kind .value) }}
{{- end }}
{{- end }}
{{- end }}

{{/* A label map as a selector string: k1=v1,k2=v2 (keys sorted). */}}
{{- define "pullwarden.selectorString" -}}
{{- $pairs := list }}
{{- range $key, $value := . }}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{/*
Labels of the `helm test` objects: the release's, with a name of their own, so that no selector of
the agent's (Deployment, Service, NetworkPolicy, PodDisruptionBudget) ever matches the test pod.
*/}}
{{- define "pullwarden.testLabels" -}}
helm.sh/chart: {{ include "pullwarden.chart" . }}
{{ include "pullwarden.testSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pullwarden
{{- end }}

{{- define "pullwarden.testSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "pullwarden.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
{{- end }}
