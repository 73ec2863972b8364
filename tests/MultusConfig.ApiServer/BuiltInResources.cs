namespace MultusConfig.ApiServer;

/// <summary>The built-in kinds the operator touches, described as the real server's discovery describes them.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType Namespaces = Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"]) with { HasStatus = true };

    public static readonly ResourceType ConfigMaps = Core("configmaps", "configmap", "ConfigMap", namespaced: true, shortNames: ["cm"]);

    public static readonly ResourceType Secrets = Core("secrets", "secret", "Secret", namespaced: true);

    public static readonly ResourceType CoreEvents = Core("events", "event", "Event", namespaced: true, shortNames: ["ev"]);

    public static readonly ResourceType Events = new()
    {
        Group = "events.k8s.io", Versions = ["v1"], StorageVersion = "v1", Plural = "events", Singular = "event",
        Kind = "Event", Namespaced = true, ShortNames = ["ev"], SharedStorage = "events",
    };

    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io", Versions = ["v1"], StorageVersion = "v1", Plural = "leases", Singular = "lease",
        Kind = "Lease", Namespaced = true,
    };

    public static readonly ResourceType MutatingWebhooks = new()
    {
        Group = "admissionregistration.k8s.io", Versions = ["v1"], StorageVersion = "v1",
        Plural = "mutatingwebhookconfigurations", Singular = "mutatingwebhookconfiguration",
        Kind = "MutatingWebhookConfiguration", Namespaced = false, TracksGeneration = true,
        Categories = ["api-extensions"],
    };

    public static readonly ResourceType ValidatingWebhooks = new()
    {
        Group = "admissionregistration.k8s.io", Versions = ["v1"], StorageVersion = "v1",
        Plural = "validatingwebhookconfigurations", Singular = "validatingwebhookconfiguration",
        Kind = "ValidatingWebhookConfiguration", Namespaced = false, TracksGeneration = true,
        Categories = ["api-extensions"],
    };

    // Stored, not evaluated: the double runs no CEL (deploy/ ships policies; Deploy.Tests checks them statically).
    public static readonly ResourceType ValidatingAdmissionPolicies = Grouped("admissionregistration.k8s.io", "validatingadmissionpolicies", "validatingadmissionpolicy", "ValidatingAdmissionPolicy", namespaced: false) with { HasStatus = true, TracksGeneration = true, Categories = ["api-extensions"] };

    public static readonly ResourceType ValidatingAdmissionPolicyBindings = Grouped("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", "ValidatingAdmissionPolicyBinding", namespaced: false) with { TracksGeneration = true, Categories = ["api-extensions"] };

    public static readonly ResourceType Crds = new()
    {
        Group = "apiextensions.k8s.io", Versions = ["v1"], StorageVersion = "v1",
        Plural = "customresourcedefinitions", Singular = "customresourcedefinition",
        Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"], HasStatus = true, TracksGeneration = true, AllowUnconditionalUpdate = false,
    };

    // What an installation (deploy/) creates besides the operator's own kinds: stored as plain objects, no controllers.
    public static readonly ResourceType ServiceAccounts = Core("serviceaccounts", "serviceaccount", "ServiceAccount", namespaced: true, shortNames: ["sa"]);

    public static readonly ResourceType Services = Core("services", "service", "Service", namespaced: true, shortNames: ["svc"]) with { HasStatus = true };

    public static readonly ResourceType Deployments = Grouped("apps", "deployments", "deployment", "Deployment", namespaced: true, shortNames: ["deploy"]) with { HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType PodDisruptionBudgets = Grouped("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"]) with { HasStatus = true, TracksGeneration = true };

    public static readonly ResourceType ClusterRoles = Grouped("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", namespaced: false);

    public static readonly ResourceType ClusterRoleBindings = Grouped("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false);

    public static readonly ResourceType Roles = Grouped("rbac.authorization.k8s.io", "roles", "role", "Role", namespaced: true);

    public static readonly ResourceType RoleBindings = Grouped("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding", namespaced: true);

    // Reviews are create-only questions, answered and never stored (see Authorization/AccessReviews).
    public static readonly ResourceType SubjectAccessReviews = Grouped("authorization.k8s.io", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", namespaced: false) with { IsReview = true };

    public static readonly ResourceType SelfSubjectAccessReviews = Grouped("authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", namespaced: false) with { IsReview = true };

    public static readonly ResourceType TokenReviews = Grouped("authentication.k8s.io", "tokenreviews", "tokenreview", "TokenReview", namespaced: false) with { IsReview = true };

    public static IReadOnlyList<ResourceType> All { get; } =
        [Namespaces, ConfigMaps, Secrets, CoreEvents, Events, Leases, MutatingWebhooks, ValidatingWebhooks, Crds,
         ServiceAccounts, Services, Deployments, PodDisruptionBudgets, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings,
         SubjectAccessReviews, SelfSubjectAccessReviews, TokenReviews, ValidatingAdmissionPolicies, ValidatingAdmissionPolicyBindings];

    private static ResourceType Grouped(string group, string plural, string singular, string kind, bool namespaced, string[]? shortNames = null) => new()
    {
        Group = group, Versions = ["v1"], StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = namespaced, ShortNames = shortNames ?? [],
    };

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[]? shortNames = null) => new()
    {
        Group = "", Versions = ["v1"], StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = namespaced, ShortNames = shortNames ?? [],
    };
}
