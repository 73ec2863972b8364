# syntax=docker/dockerfile:1
# The operator image: built with the .NET SDK into one NativeAOT binary (bench/publish.sh builds the same), run on
# the chiseled runtime-deps base (no .NET runtime, no shell, no package manager) as a numeric non-root user.
# Build: docker build -t multus-config-operator .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# NativeAOT links with clang, against zlib.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files only, so source edits do not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props ./
# Locked: the committed lock files (with their content hashes) are the only packages restored; a
# dependency that would resolve differently fails the build instead of slipping in.
COPY src/MultusConfig.Core/MultusConfig.Core.csproj src/MultusConfig.Core/packages.lock.json src/MultusConfig.Core/
COPY src/MultusConfig.Operator/MultusConfig.Operator.csproj src/MultusConfig.Operator/packages.lock.json src/MultusConfig.Operator/
RUN dotnet restore src/MultusConfig.Operator/MultusConfig.Operator.csproj -r linux-x64 --locked-mode
COPY src/MultusConfig.Core/ src/MultusConfig.Core/
COPY src/MultusConfig.Operator/ src/MultusConfig.Operator/
# Core embeds the shipped CRD as its one source of the schema.
COPY deploy/crds/ deploy/crds/
# The project sets PublishAot: one self-contained native file, stripped (its symbols stay in the build stage).
RUN dotnet publish src/MultusConfig.Operator/MultusConfig.Operator.csproj -c Release --no-restore -r linux-x64 -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app/multus-config-operator ./
# The same numeric user as deploy/manager/deployment.yaml, so runAsNonRoot can verify it.
USER 64198:64198
EXPOSE 9443 8443 8081
ENTRYPOINT ["/app/multus-config-operator"]
