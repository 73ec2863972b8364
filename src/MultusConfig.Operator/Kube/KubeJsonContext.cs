using System.Text.Json.Serialization;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Source-generated (de)serializers for every type the operator sends to or reads from the API server: no
/// reflection, so the client layer is trim- and NativeAOT-clean. KubernetesClient's model classes are used as
/// plain classes (they carry their JSON names); its KubernetesJson is never called. As the API server writes
/// them: camelCase, nulls left out, times in RFC 3339.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(Rfc3339DateTimeConverter)])]
[JsonSerializable(typeof(SpiderMultusConfig))]
[JsonSerializable(typeof(SpiderMultusConfigList))]
[JsonSerializable(typeof(SpiderMultusConfigStatus))]
[JsonSerializable(typeof(NetworkAttachmentDefinition))]
[JsonSerializable(typeof(NetworkAttachmentDefinitionList))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1ConfigMapList))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1NamespaceList))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(V1MutatingWebhookConfiguration))]
[JsonSerializable(typeof(V1MutatingWebhookConfigurationList))]
[JsonSerializable(typeof(V1ValidatingWebhookConfiguration))]
[JsonSerializable(typeof(V1ValidatingWebhookConfigurationList))]
[JsonSerializable(typeof(V1TokenReview))]
[JsonSerializable(typeof(V1SubjectAccessReview))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Status))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
