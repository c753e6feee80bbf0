# One image for every Fengqiao process (issue 12):
#   docker build -t fengqiao:<version> .
#   docker run fengqiao:<version> gateway|intake|mediation|evaluation|worker|setup [arguments…]
# Bases are pinned to exact versions (pin the digest too where your registry mirror allows it).
# tests/unit/test_image.py checks this file: pinned bases, a non-root USER, one ENTRYPOINT, no
# build or test tooling in the final stage, entry points that match the processes.

# Stage 1: the gateway's static files from npm (ECharts, Swagger UI, ReDoc, Bootstrap's CSS), as `make static` does.
FROM node:22.21.1-bookworm-slim AS static
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
 && mkdir -p vendor \
 && cp node_modules/echarts/dist/echarts.min.js vendor/ \
 && cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css vendor/ \
 && cp node_modules/swagger-ui-dist/favicon-32x32.png vendor/swagger-favicon-32x32.png \
 && cp node_modules/redoc/bundles/redoc.standalone.js vendor/ \
 && cp node_modules/bootstrap/dist/css/bootstrap.min.css vendor/

# Stage 2: the runtime dependencies only (requirements.txt, pinned by constraints.txt) in a venv.
FROM python:3.11.14-slim-bookworm AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.txt constraints.txt /build/
RUN /opt/venv/bin/pip install -r /build/requirements.txt -c /build/constraints.txt

# Stage 3: what runs — the venv, the code and the generated protobuf modules; no compiler, no npm,
# no test or lint tools.
FROM python:3.11.14-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app:/app/gen \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FENGQIAO_ENVIRONMENT=production \
    FENGQIAO_BIND_HOST=0.0.0.0 \
    FENGQIAO_GATEWAY_HOST=0.0.0.0 \
    FENGQIAO_GATEWAY_LIAISON_GRPC_HOST=0.0.0.0
RUN groupadd --gid 10001 fengqiao && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin fengqiao
COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY contracts/ contracts/
COPY gen/ gen/
COPY services/ services/
COPY workflows/ workflows/
COPY deploy/__init__.py deploy/entrypoint.py deploy/
COPY --from=static /build/vendor/ services/gateway/static/vendor/
USER 10001:10001
EXPOSE 8000 50051 50052 50053 50060
ENTRYPOINT ["python", "-m", "deploy.entrypoint"]
CMD ["gateway"]
