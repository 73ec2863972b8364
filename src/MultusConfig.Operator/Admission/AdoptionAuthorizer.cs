using System.Text.Json.Nodes;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Adoption is a write to someone else's NAD: the controller replaces its config and makes the SMC its
/// controller, so deleting the SMC deletes the NAD. Whoever may create SMCs must not gain update and
/// delete on NADs that way, so before an SMC may target an existing NAD that no SMC controls, the
/// webhook asks the API server (a SubjectAccessReview for the requesting user, groups and extra) whether
/// that user may update and delete that very NAD, and refuses, naming what is missing, if not.
/// </summary>
public sealed partial class AdoptionAuthorizer(KubeClient client, NadCache nads, OperatorOptions options, ILogger<AdoptionAuthorizer> logger)
{
    /// <summary>What adopting requires, in the order the message names them.</summary>
    internal static readonly string[] Verbs = ["update", "delete"];

    /// <summary>Within the webhook's own timeout (10 s in deploy/): an API server too slow to answer means no adoption.</summary>
    private static readonly TimeSpan ReviewTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the request adopts nothing or its user may adopt; else the error to refuse it with.</summary>
    public async ValueTask<FieldError?> CheckAsync(AdmissionRequest request, SpiderMultusConfig smc, string nadNamespace, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(smc);
        // With adoption off the controller never takes the NAD over (it reports NameConflict): nothing to authorize.
        if (!options.Adopt) return null;
        var nadName = NadRenderer.TargetName(smc);
        if (nadName.Length == 0 || nadNamespace.Length == 0) return null;
        var target = $"NetworkAttachmentDefinition {nadNamespace}/{nadName}";
        NetworkAttachmentDefinition? nad;
        try
        {
            nad = await FindNadAsync(nadNamespace, nadName, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
        {
            return Refuse(path, nadName, $"cannot check whether {target} exists, so cannot check that you may adopt it: {e.Message}");
        }
        if (nad is null) return null;
        var controller = nad.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        // Another kind's NAD is never adopted (the controller reports NameConflict); one this SMC already controls is no adoption.
        if (controller is not null && controller.Kind != SpiderMultusConfig.KindName) return null;
        if (controller is not null && !string.IsNullOrEmpty(smc.Metadata?.Uid) && controller.Uid == smc.Metadata.Uid) return null;

        var user = request.UserInfo;
        var username = user?["username"]?.GetValue<string>() ?? "";
        var missing = new List<string>();
        try
        {
            foreach (var verb in Verbs)
            {
                if (!await AllowedAsync(user, verb, nadNamespace, nadName, ct).ConfigureAwait(false)) missing.Add(verb);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
        {
            LogReviewFailed(e, nadNamespace, nadName);
            return Refuse(path, nadName, $"{target} exists and no SpiderMultusConfig controls it; adopting it needs permission to update and delete it, which could not be checked: {e.Message}");
        }
        if (missing.Count == 0) return null;
        var verbs = string.Join(" or ", missing);
        LogRefused(username, nadNamespace, nadName, verbs);
        return Refuse(path, nadName,
            $"{target} exists and no SpiderMultusConfig controls it; adopting it replaces its config and deletes it with this SpiderMultusConfig, " +
            $"which needs permission to update and delete it: User \"{username}\" cannot {verbs} resource \"{NetworkAttachmentDefinition.Plural}\" " +
            $"in API group \"{NetworkAttachmentDefinition.Group}\" in the namespace \"{nadNamespace}\"; choose another name with the annotation {Annotations.CrName}, or ask an administrator");
    }

    /// <summary>From the informer cache when synced, else straight from the API server (a webhook may be called before the cache fills).</summary>
    private async ValueTask<NetworkAttachmentDefinition?> FindNadAsync(string ns, string name, CancellationToken ct)
    {
        if (nads.IsReady) return nads.Get(ObjectKey.Of(ns, name));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReviewTimeout);
        try
        {
            return await client.GetAsync(KubeResources.NetworkAttachmentDefinitions, ns, name, KubeJsonContext.Default.NetworkAttachmentDefinition, timeout.Token).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async ValueTask<bool> AllowedAsync(JsonObject? user, string verb, string ns, string name, CancellationToken ct)
    {
        var review = new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user?["username"]?.GetValue<string>(),
                Uid = user?["uid"]?.GetValue<string>(),
                Groups = (user?["groups"] as JsonArray)?.Select(g => g?.GetValue<string>() ?? "").ToList(),
                Extra = (user?["extra"] as JsonObject)?.ToDictionary(e => e.Key, e => (IList<string>)((e.Value as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList() ?? [])),
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = verb, Group = NetworkAttachmentDefinition.Group, Version = NetworkAttachmentDefinition.Version,
                    Resource = NetworkAttachmentDefinition.Plural, NamespaceProperty = ns, Name = name,
                },
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReviewTimeout);
        var answer = await client.CreateAsync(KubeResources.SubjectAccessReviews, null, review, KubeJsonContext.Default.V1SubjectAccessReview, ct: timeout.Token).ConfigureAwait(false);
        return answer.Status?.Allowed == true;
    }

    private static FieldError Refuse(string path, string nadName, string detail) =>
        new(path, FieldErrorKind.Forbidden, detail, System.Text.Json.JsonSerializer.Serialize(nadName, AdmissionJsonContext.Default.String));

    [LoggerMessage(Level = LogLevel.Information, Message = "refused adoption of NetworkAttachmentDefinition {Namespace}/{Name}: user {User} may not {Verbs} it")]
    private partial void LogRefused(string user, string @namespace, string name, string verbs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SubjectAccessReview for adopting NetworkAttachmentDefinition {Namespace}/{Name} failed; refusing")]
    private partial void LogReviewFailed(Exception e, string @namespace, string name);
}
