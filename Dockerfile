# Jinqiao's service in a container: `docker build -t jinqiao .` then
#   docker run -d -p 50051:50051 -p 50052:50052 -p 50053:50053 -v jinqiao-data:/var/lib/jinqiao \
#     -e JINQIAO_BACKEND_TOKEN=… jinqiao
# The configuration is deploy/serve.container.toml (mount another over /etc/jinqiao/serve.toml to change it).

# Build: the locked dependencies, the release binary (line tables only, no full debug info).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p matcher-grpc \
    && install -D -m 0755 target/release/matcher /out/matcher

# Run: a slim system, a user without a shell or a login, the data on a volume.
FROM debian:bookworm-slim
# ca-certificates follows the base image's release (security updates), so it is not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/jinqiao --shell /usr/sbin/nologin jinqiao \
    && install -d -o jinqiao -g jinqiao -m 0700 /var/lib/jinqiao
COPY --from=build /out/matcher /usr/local/bin/matcher
COPY deploy/serve.container.toml /etc/jinqiao/serve.toml
USER 10001:10001
WORKDIR /var/lib/jinqiao
VOLUME ["/var/lib/jinqiao"]
# gRPC, the web workspace, Prometheus metrics.
EXPOSE 50051 50052 50053
HEALTHCHECK --interval=30s --timeout=6s --start-period=60s --retries=3 \
    CMD ["matcher", "health", "--address", "127.0.0.1:50051"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["matcher", "serve", "--config", "/etc/jinqiao/serve.toml"]
