# The Pullwarden agent image: the distribution archive on a Java 25 runtime, run as a non-root
# user, ready for a read-only root filesystem (only /tmp must be writable; the chart mounts an
# emptyDir there). Nothing is compiled here: the image holds exactly the archive users unpack.
#
#   ./mvnw -B -DskipTests package -pl plugins/kubernetes-secret,plugins/vault,plugins/aws-secrets-manager,plugins/aws-ecr,agent -am
#   docker build --build-arg VERSION=0.1.0-SNAPSHOT -t ghcr.io/pullwarden/pullwarden:0.1.0 .
#
# This file has not been built: the development machines have no container engine and no registry
# access (docs/container-image.md).

ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JRE_IMAGE} AS unpack
ARG VERSION=0.1.0-SNAPSHOT
COPY agent/target/pullwarden-${VERSION}.tar.gz /tmp/pullwarden.tar.gz
# pullwarden-<v>/{bin/pullwarden, pullwarden-agent.jar, lib/, plugins/} -> /opt/pullwarden/...
RUN mkdir -p /opt/pullwarden \
 && tar -xzf /tmp/pullwarden.tar.gz -C /opt/pullwarden --strip-components=1 \
 && test -x /opt/pullwarden/bin/pullwarden \
 && test -d /opt/pullwarden/plugins

FROM ${JRE_IMAGE}
LABEL org.opencontainers.image.title="pullwarden" \
      org.opencontainers.image.description="Keeps registry pull Secrets in sync with a secret store"
# Owned by root and not writable by the agent's user: the agent never changes its own files.
# The chart's plugin init container reads the built-in plugins from /opt/pullwarden/plugins.
COPY --from=unpack /opt/pullwarden /opt/pullwarden
# 65532 is the conventional "nonroot" id; the chart's pod security context sets the same.
USER 65532:65532
WORKDIR /tmp
EXPOSE 8080
# The launcher takes Java from JAVA_HOME (set by the base image) and passes JAVA_OPTS to the JVM.
ENTRYPOINT ["/opt/pullwarden/bin/pullwarden"]
CMD ["run"]
