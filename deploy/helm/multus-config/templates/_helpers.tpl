{{/* Labels every object carries; the pod selector uses the same. */}}
{{- define "multus-config.labels" -}}
app.kubernetes.io/name: multus-config-operator
{{- end }}
