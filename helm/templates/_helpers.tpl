{{/*
Names, labels and the settings several components share.
*/}}

{{- define "wirelake.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, or the release name if it already contains the chart name; at most 63 characters. */}}
{{- define "wirelake.fullname" -}}
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

{{/* <fullname>-<component>, for objects of one component. Call with (dict "root" $ "component" "x"). */}}
{{- define "wirelake.componentName" -}}
{{- printf "%s-%s" (include "wirelake.fullname" .root | trunc 50 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wirelake.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wirelake.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wirelake.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Standard labels of an object. Call with (dict "root" $ "component" "x"). */}}
{{- define "wirelake.labels" -}}
helm.sh/chart: {{ include "wirelake.chart" .root }}
{{ include "wirelake.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: wirelake
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* registry/repository:tag of an image block; tag defaults to the chart's appVersion. Call with (dict "root" $ "image" .Values.image). */}}
{{- define "wirelake.imageRef" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- if .image.registry -}}
{{- printf "%s/%s:%s" .image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end }}

{{- define "wirelake.image" -}}
{{- include "wirelake.imageRef" (dict "root" . "image" .Values.image) -}}
{{- end }}

{{/*
Kafka topic names: the wire contract of io.wirelake.schemas.Topics (deploy-tests pins them), so not values.
*/}}
{{- define "wirelake.topic.segments" -}}wirelake.segments{{- end }}
{{- define "wirelake.topic.workloads" -}}wirelake.workloads{{- end }}
{{- define "wirelake.topic.ingestLog" -}}wirelake.ingest-log{{- end }}

{{/*
Whether the cluster serves an API group/version: .Capabilities (helm install/upgrade, helm template
--api-versions) or capabilities.extraApiVersions. Call with (dict "root" $ "api" "group/version"); "true" or "".
*/}}
{{- define "wirelake.hasApi" -}}
{{- if or (.root.Capabilities.APIVersions.Has .api) (has .api .root.Values.capabilities.extraApiVersions) -}}
true
{{- end -}}
{{- end }}

{{/* Whether this release renders the Strimzi Kafka cluster: kafka.create and the Strimzi v1 API present. */}}
{{- define "wirelake.strimzi.enabled" -}}
{{- if and .Values.kafka.create (include "wirelake.hasApi" (dict "root" . "api" "kafka.strimzi.io/v1")) -}}
true
{{- end -}}
{{- end }}

{{/* Whether this release renders FlinkDeployments: flink.enabled and the Flink operator's API present. */}}
{{- define "wirelake.flink.enabled" -}}
{{- if and .Values.flink.enabled (include "wirelake.hasApi" (dict "root" . "api" "flink.apache.org/v1beta1")) -}}
true
{{- end -}}
{{- end }}

{{- define "wirelake.kafka.clusterName" -}}
{{- .Values.kafka.strimzi.clusterName | default (include "wirelake.componentName" (dict "root" . "component" "kafka")) -}}
{{- end }}

{{/* Bootstrap servers: kafka.bootstrapServers, else the Strimzi cluster's plain listener. */}}
{{- define "wirelake.kafka.bootstrapServers" -}}
{{- if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else if .Values.kafka.create -}}
{{- printf "%s-kafka-bootstrap.%s.svc:9092" (include "wirelake.kafka.clusterName" .) .Release.Namespace -}}
{{- else -}}
{{- fail "kafka.bootstrapServers is required when kafka.create is false (HOST:PORT of an existing Kafka)" -}}
{{- end -}}
{{- end }}

{{- define "wirelake.catalog.restServiceName" -}}
{{- include "wirelake.componentName" (dict "root" . "component" "catalog") -}}
{{- end }}

{{/* The REST catalog URI: the in-chart REST catalog's Service when catalog.rest.deploy, else catalog.uri. */}}
{{- define "wirelake.catalog.uri" -}}
{{- if .Values.catalog.rest.deploy -}}
{{- printf "http://%s.%s.svc:%d" (include "wirelake.catalog.restServiceName" .) .Release.Namespace (int .Values.catalog.rest.port) -}}
{{- else -}}
{{- required "catalog.uri is required (the REST catalog URI) unless catalog.rest.deploy is true" .Values.catalog.uri -}}
{{- end -}}
{{- end }}

{{/* Iceberg catalog properties (no secrets: S3 credentials come from the environment), sorted. */}}
{{- define "wirelake.catalog.properties" -}}
{{- $p := dict "type" "rest" "name" .Values.catalog.name "uri" (include "wirelake.catalog.uri" .) "warehouse" .Values.catalog.warehouse "io-impl" .Values.catalog.ioImpl "s3.path-style-access" (toString .Values.catalog.s3.pathStyleAccess) "client.region" .Values.catalog.s3.region -}}
{{- with .Values.catalog.s3.endpoint }}{{ $_ := set $p "s3.endpoint" . }}{{ end -}}
{{- range $k, $v := .Values.catalog.extraProperties }}{{ $_ := set $p $k (toString $v) }}{{ end -}}
{{- toJson $p -}}
{{- end }}

{{/* The catalog as CLI arguments (--catalog-property key=value ...), a YAML list. */}}
{{- define "wirelake.catalog.args" -}}
{{- $args := list -}}
{{- range $k, $v := (include "wirelake.catalog.properties" . | fromJson) -}}
{{- $args = concat $args (list "--catalog-property" (printf "%s=%s" $k $v)) -}}
{{- end -}}
{{- toYaml $args -}}
{{- end }}

{{/* Object-storage credentials and region as environment variables, from the existing Secret. */}}
{{- define "wirelake.s3.env" -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ required "catalog.credentials.existingSecret is required" .Values.catalog.credentials.existingSecret }}
      key: {{ .Values.catalog.credentials.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.catalog.credentials.existingSecret }}
      key: {{ .Values.catalog.credentials.secretAccessKeyKey }}
- name: AWS_REGION
  value: {{ .Values.catalog.s3.region | quote }}
{{- end }}
