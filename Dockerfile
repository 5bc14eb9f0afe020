# One image for every service of the platform.
#
#   docker build --build-arg SERVICE=referral-hub -t ghcr.io/csp-platform/referral-hub:dev .
#
# SERVICE is the workspace member's name (a folder under services/). The image runs
# `csp-serve $SERVICE`, which applies that service's migrations and then starts uvicorn.
# Configuration comes only from the environment (<PREFIX>_DATABASE_URL, ...): see docs/deploy.md.

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ARG SERVICE
ARG UV_VERSION=0.13.9
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<service name>" >&2; exit 1)

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN pip install "uv==${UV_VERSION}"

WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY shared/ shared/
COPY services/ services/
# The developer tools are a workspace member but never installed here: only their
# pyproject, so uv sees the whole workspace.
COPY devtools/pyproject.toml devtools/pyproject.toml

# Only this service, its workspace dependencies (csp-common) and their locked
# third-party packages; no dev group. --frozen: the lock is the truth, never re-resolved.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package "${SERVICE}" \
 && /app/.venv/bin/csp-serve --help >/dev/null

# ---------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG SERVICE
LABEL org.opencontainers.image.title="csp-platform ${SERVICE}" \
      org.opencontainers.image.source="https://github.com/csp-platform/csp-platform"

# A fixed numeric uid/gid so Kubernetes can check runAsNonRoot (deploy/k8s uses 10001).
RUN groupadd --system --gid 10001 csp \
 && useradd --system --uid 10001 --gid csp --home-dir /app --no-create-home --shell /usr/sbin/nologin csp

ENV CSP_SERVICE=${SERVICE} \
    PATH=/app/.venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app
# The virtual environment installs the workspace members as editable packages, so the
# sources go along with it. Everything is owned by root and read-only for the app user.
COPY --from=build /app /app

USER 10001:10001
EXPOSE 8000

# exec: the service is PID 1 and gets SIGTERM directly (graceful shutdown of uvicorn).
CMD ["sh", "-c", "exec csp-serve \"$CSP_SERVICE\" --host 0.0.0.0 --port 8000"]
