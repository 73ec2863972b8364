using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Kube;

/// <summary>The resources the operator reads and writes.</summary>
public static class KubeResources
{
    public static readonly KubeResource SpiderMultusConfigs = new(SpiderMultusConfig.Group, SpiderMultusConfig.Version, SpiderMultusConfig.Plural);
    public static readonly KubeResource NetworkAttachmentDefinitions = new(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, NetworkAttachmentDefinition.Plural);
    public static readonly KubeResource Secrets = new("", "v1", "secrets");
    public static readonly KubeResource Events = new("", "v1", "events");
    public static readonly KubeResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    public static readonly KubeResource Leases = new("coordination.k8s.io", "v1", "leases");
    public static readonly KubeResource MutatingWebhookConfigurations = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", Namespaced: false);
    public static readonly KubeResource ValidatingWebhookConfigurations = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", Namespaced: false);
    public static readonly KubeResource TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", Namespaced: false);
    public static readonly KubeResource SubjectAccessReviews = new("authorization.k8s.io", "v1", "subjectaccessreviews", Namespaced: false);
}
