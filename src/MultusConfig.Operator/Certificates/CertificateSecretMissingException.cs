namespace MultusConfig.Operator.Certificates;

/// <summary>The certificate Secret does not exist and this replica has no certificate to serve meanwhile.</summary>
public sealed class CertificateSecretMissingException(string message) : Exception(message);
