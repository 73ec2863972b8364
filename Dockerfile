# syntax=docker/dockerfile:1
# The operator image: built with the .NET SDK, run on the chiseled ASP.NET runtime (no shell, no
# package manager) as a numeric non-root user. Build: docker build -t multus-config-operator .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so source edits do not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props ./
# Locked: the committed lock files (with their content hashes) are the only packages restored; a
# dependency that would resolve differently fails the build instead of slipping in.
COPY src/MultusConfig.Core/MultusConfig.Core.csproj src/MultusConfig.Core/packages.lock.json src/MultusConfig.Core/
COPY src/MultusConfig.Operator/MultusConfig.Operator.csproj src/MultusConfig.Operator/packages.lock.json src/MultusConfig.Operator/
RUN dotnet restore src/MultusConfig.Operator/MultusConfig.Operator.csproj -r linux-x64 --locked-mode /p:PublishReadyToRun=true
COPY src/MultusConfig.Core/ src/MultusConfig.Core/
COPY src/MultusConfig.Operator/ src/MultusConfig.Operator/
# Core embeds the shipped CRD as its one source of the schema.
COPY deploy/crds/ deploy/crds/
# Framework-dependent, not trimmed: KubernetesClient and YamlDotNet use reflection the trimmer cannot
# follow; the runtime image already carries the shared framework. ReadyToRun: precompiled code starts
# faster and keeps less JIT-generated code in memory (bench figures 6 and 7). bench/publish.sh uses
# these same flags for the bench and the tests: change both together.
RUN dotnet publish src/MultusConfig.Operator/MultusConfig.Operator.csproj -c Release --no-restore -o /app -r linux-x64 --self-contained false \
    /p:PublishReadyToRun=true /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app/ ./
# The same numeric user as deploy/manager/deployment.yaml, so runAsNonRoot can verify it.
USER 64198:64198
EXPOSE 9443 8443 8081
ENTRYPOINT ["dotnet", "/app/multus-config-operator.dll"]
