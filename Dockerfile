# Participe's production image: gunicorn on PostgreSQL, every setting from the environment.
# Build stage: dependencies and static files, with build tools that never reach production.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install --no-cache-dir .
COPY . .
# collectstatic needs settings, not secrets: a throwaway key is enough at build time. The
# manifest it writes lets whitenoise serve hashed, compressed, long-cached files.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --no-input
# supercronic, a cron made for containers, runs deploy/crontab in compose's scheduler service.
# The release binary is checked against its published SHA-1 before it is used.
ARG SUPERCRONIC_VERSION=v0.2.34
ARG SUPERCRONIC_SHA1SUM=e8631edc1775000d119b70fd40339a7238eece14
ADD https://github.com/aptible/supercronic/releases/download/${SUPERCRONIC_VERSION}/supercronic-linux-amd64 /usr/local/bin/supercronic
RUN echo "${SUPERCRONIC_SHA1SUM}  /usr/local/bin/supercronic" > /tmp/supercronic.sha1 \
    && sha1sum -c /tmp/supercronic.sha1 \
    && chmod 0755 /usr/local/bin/supercronic

# Runtime stage: the virtualenv, the code and the collected static files, owned by root and
# run by an unprivileged user, so the process cannot rewrite its own code.
FROM python:3.11-slim-bookworm
ENV PATH="/venv/bin:$PATH" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8000
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin participe
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
COPY --from=build /usr/local/bin/supercronic /usr/local/bin/supercronic
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "bin/healthcheck"]
# The web process; compose runs the worker (`python manage.py db_worker`) and the scheduler
# (`supercronic deploy/crontab`) from the same image. gunicorn.conf.py reads the port and worker
# count from the environment.
CMD ["gunicorn", "config.wsgi:application"]
